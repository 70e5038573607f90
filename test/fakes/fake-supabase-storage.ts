import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Supabase Storage for downloads: `GET /storage/v1/object/authenticated/{bucket}/{path}`
 * with the service role key, answering as the real service does: Content-Length and
 * Accept-Ranges, 206 for `Range: bytes=N-`, and a missing object as HTTP 400 with
 * `{"statusCode":"404","error":"Not found",…}`. Per-request faults can be scripted: a status,
 * or a connection dropped after N bytes of the body.
 */
export interface StorageFault {
  status?: number;
  headers?: Record<string, string>;
  /** Send this many body bytes, then destroy the connection. */
  dropAfterBytes?: number;
  /** Wait before answering. */
  delayMs?: number;
}

export interface FakeSupabaseStorage {
  url: string;
  /** The service role key it accepts (a test may change it). */
  key: string;
  /** Objects by "bucket/path". */
  objects: Map<string, Buffer>;
  requests: Array<{ path: string; headers: IncomingHttpHeaders }>;
  fail(...faults: StorageFault[]): void;
  close(): Promise<void>;
}

const PREFIX = '/storage/v1/object/authenticated/';

export async function startFakeSupabaseStorage(
  key = 'service-role-key-for-tests',
): Promise<FakeSupabaseStorage> {
  const faults: StorageFault[] = [];
  const fake: FakeSupabaseStorage = {
    url: '',
    key,
    objects: new Map(),
    requests: [],
    fail: (...more) => faults.push(...more),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    fake.requests.push({ path: url, headers: req.headers });
    const fault = faults.shift();
    setTimeout(() => {
      if (req.headers.authorization !== `Bearer ${fake.key}` || req.headers.apikey !== fake.key) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            statusCode: '403',
            error: 'Unauthorized',
            message: 'invalid signature',
          }),
        );
        return;
      }
      if (fault?.status) {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(
          JSON.stringify({ statusCode: String(fault.status), error: 'Error', message: 'scripted' }),
        );
        return;
      }
      const object = url.startsWith(PREFIX)
        ? fake.objects.get(url.slice(PREFIX.length))
        : undefined;
      if (!object) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            statusCode: '404',
            error: 'Not found',
            message: 'The resource was not found',
            code: 'NoSuchKey',
          }),
        );
        return;
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const body = object.subarray(start);
      const headers: Record<string, string> = {
        'content-type': 'application/zip',
        'content-length': String(body.length),
        'accept-ranges': 'bytes',
      };
      if (range) headers['content-range'] = `bytes ${start}-${object.length - 1}/${object.length}`;
      res.writeHead(range ? 206 : 200, headers);
      if (fault?.dropAfterBytes !== undefined) {
        res.write(body.subarray(0, fault.dropAfterBytes), () => res.destroy());
        return;
      }
      res.end(body);
    }, fault?.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
