import type { MessagePort } from 'node:worker_threads';
import { toAppError } from '../../core/errors.js';
import { AccountContextRecorder } from './account-context-recorder.js';
import { ReportBuilder } from './export-report.js';
import { JsonArraySplitter, type SplitElement } from './json-array-splitter.js';
import { readConversationElement } from './read-element.js';
import type { FromSplitter, RemoteRead, RemoteReadOptions, ToSplitter } from './split-protocol.js';

interface Stream {
  id: number;
  splitter: JsonArraySplitter;
  read: RemoteReadOptions;
  /** Counters of the elements read here, sent with the end of the file. */
  report: ReportBuilder;
  nextIndex: number;
}

/**
 * The splitting thread: answers `RemoteSplitter` requests arriving on `port`. Every other
 * conversation (odd positions, not oversized) is read here after the boundaries are sent with
 * the bytes of the others, so the reading thread parses its own while this one parses these.
 */
export function serveSplitter(port: MessagePort): void {
  const streams = new Map<number, Stream>();
  const post = (message: FromSplitter, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  port.on('message', (message: ToSplitter) => {
    const { id } = message;
    try {
      if (message.type === 'open') {
        streams.set(id, {
          id,
          splitter: new JsonArraySplitter(message.source, message.maxElementBytes),
          read: message.read,
          report: new ReportBuilder(),
          nextIndex: 0,
        });
        return;
      }
      const stream = streams.get(id);
      if (!stream) return;
      if (message.type === 'chunk') {
        splitChunk(stream, message.data, message.length, (reply, transfer) =>
          post(reply, transfer),
        );
      } else if (message.type === 'end') {
        const { splitter } = stream;
        splitter.end(splitter.elementCount);
        streams.delete(id);
        post({
          type: 'end',
          id,
          elementCount: splitter.elementCount,
          foundConversationList: splitter.foundConversationList,
          topLevelKeys: [...splitter.keys],
          containers: splitter.containers,
          counts: stream.report.normalizeCounts(),
        });
      } else {
        streams.delete(id);
      }
    } catch (thrown) {
      streams.delete(id);
      const error = toAppError(thrown);
      post({
        type: 'error',
        id,
        error: { code: error.code, message: error.message, kind: error.kind },
      });
    }
  });
}

/**
 * One chunk: its elements' boundaries go back at once with the buffer and the bytes of the
 * elements the other thread reads (packed in one buffer of its own, never Node's shared pool,
 * so it is handed over without a copy); then the elements read here follow as `items`.
 */
function splitChunk(
  stream: Stream,
  data: ArrayBuffer,
  length: number,
  post: (message: FromSplitter, transfer: ArrayBuffer[]) => void,
): void {
  // Element bytes are kept past this message, so the scan works on a copy of the chunk.
  const found = stream.splitter.push(Buffer.from(new Uint8Array(data, 0, length)));
  const taken: Array<{ index: number; element: SplitElement }> = [];
  const sent: Buffer[] = [];
  let sentBytes = 0;
  const elements = found.map((element) => {
    const index = stream.nextIndex++;
    const remote = index % 2 === 1 && element.bytes !== null;
    let local: { start: number; length: number } | null = null;
    if (remote) taken.push({ index, element });
    else if (element.bytes !== null) {
      local = { start: sentBytes, length: element.bytes.length };
      sent.push(element.bytes);
      sentBytes += element.bytes.length;
    }
    const { offset, size, oversized, complex } = element;
    return { offset, size, oversized, complex, index, remote, local };
  });
  const packed = sentBytes > 0 ? new Uint8Array(sentBytes) : null;
  let at = 0;
  for (const bytes of sent) {
    packed!.set(bytes, at);
    at += bytes.length;
  }
  const local = packed ? packed.buffer : null;
  const { id } = stream;
  post({ type: 'chunk', id, data, elements, local }, local ? [data, local] : [data]);
  if (taken.length > 0) {
    const reads = taken.map(({ index, element }) => ({ index, ...readHere(element, stream) }));
    post({ type: 'items', id, reads }, []);
  }
}

function readHere(element: SplitElement, stream: Stream): RemoteRead {
  const account = new AccountContextRecorder();
  const ctx = {
    report: stream.report,
    account,
    includeDoNotRemember: stream.read.includeDoNotRemember,
  };
  const { item } = readConversationElement(element.bytes!, element.offset, ctx);
  return { item, events: account.events };
}
