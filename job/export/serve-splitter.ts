import type { MessagePort } from 'node:worker_threads';
import { toAppError } from '../../core/errors.js';
import { AccountContextRecorder } from './account-context-recorder.js';
import { ReportBuilder } from './export-report.js';
import { JsonArraySplitter, type SplitElement } from './json-array-splitter.js';
import { readConversationElement } from './read-element.js';
import type { FromSplitter, RemoteRead, RemoteReadOptions, ToSplitter } from './split-protocol.js';

interface Stream {
  splitter: JsonArraySplitter;
  read: RemoteReadOptions | null;
  /** Counters of the elements read here, sent with the end of the file. */
  report: ReportBuilder;
  nextIndex: number;
}

/**
 * The splitting thread: answers `RemoteSplitter` requests arriving on `port`. For a stream
 * opened with `read`, every other conversation (odd positions, not oversized) is read here after
 * its boundaries are sent, so the reading thread parses its own while this one parses these.
 */
export function serveSplitter(port: MessagePort): void {
  const streams = new Map<number, Stream>();
  const post = (message: FromSplitter, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  port.on('message', (message: ToSplitter) => {
    const { id } = message;
    try {
      if (message.type === 'open') {
        const read = message.read ?? null;
        streams.set(id, {
          splitter: new JsonArraySplitter(message.source, message.maxElementBytes, read !== null),
          read,
          report: new ReportBuilder(),
          nextIndex: 0,
        });
        return;
      }
      const stream = streams.get(id);
      if (!stream) return;
      if (message.type === 'chunk') {
        // Reading here keeps element bytes past this message, so it works on a copy and the
        // buffer goes straight back to be reused.
        const view = new Uint8Array(message.data, 0, message.length);
        const bytes = stream.read
          ? Buffer.from(view)
          : Buffer.from(message.data, 0, message.length);
        const found = stream.splitter.push(bytes);
        const taken: Array<{ index: number; element: SplitElement }> = [];
        const elements = found.map((element) => {
          const index = stream.nextIndex++;
          const remote = stream.read !== null && index % 2 === 1 && element.bytes !== null;
          if (remote) taken.push({ index, element });
          const { offset, size, oversized, complex } = element;
          return { offset, size, oversized, complex, index, remote };
        });
        post(
          {
            type: 'chunk',
            id,
            data: message.data,
            elements,
            retainFrom: stream.splitter.retainFrom,
          },
          [message.data],
        );
        if (taken.length > 0) {
          const reads = taken.map(({ index, element }) => ({
            index,
            ...readHere(element, stream),
          }));
          post({ type: 'items', id, reads });
        }
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
          ...(stream.read ? { counts: stream.report.normalizeCounts() } : {}),
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

function readHere(element: SplitElement, stream: Stream): RemoteRead {
  const account = new AccountContextRecorder();
  const ctx = {
    report: stream.report,
    account,
    includeDoNotRemember: stream.read!.includeDoNotRemember,
  };
  const { item } = readConversationElement(element.bytes!, element.offset, ctx);
  return { item, events: account.events };
}
