import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from './adaptive-limit.js';

class Pushback extends Error {}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const limiter = (max: number, growAfter = 3) =>
  new AdaptiveLimit({ max, growAfter, shouldShrink: (e) => e instanceof Pushback });

const ok = () => Promise.resolve('ok');
const pushback = () => Promise.reject(new Pushback());

describe('AdaptiveLimit', () => {
  it('never runs more than the limit at once', async () => {
    const limit = limiter(2);
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    await Promise.all(Array.from({ length: 7 }, () => limit.run(task)));
    expect(most).toBe(2);
    expect(limit.active).toBe(0);
  });

  it('halves on pushback, never below 1', async () => {
    const limit = limiter(8);
    for (const expected of [4, 2, 1, 1]) {
      await expect(limit.run(pushback)).rejects.toBeInstanceOf(Pushback);
      expect(limit.limit).toBe(expected);
    }
  });

  it('ignores failures that are not pushback', async () => {
    const limit = limiter(4);
    await expect(limit.run(() => Promise.reject(new Error('other')))).rejects.toThrow('other');
    expect(limit.limit).toBe(4);
  });

  it('grows back by one after N successes in a row, up to the maximum', async () => {
    const limit = limiter(4, 3);
    await limit.run(pushback).catch(() => {});
    await limit.run(pushback).catch(() => {});
    expect(limit.limit).toBe(1);
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limit.run(ok);
      seen.push(limit.limit);
    }
    expect(seen).toEqual([1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4]);
  });

  it('a pushback resets the success streak', async () => {
    const limit = limiter(4, 3);
    await limit.run(pushback).catch(() => {});
    await limit.run(ok);
    await limit.run(ok);
    await limit.run(pushback).catch(() => {});
    await limit.run(ok);
    await limit.run(ok);
    expect(limit.limit).toBe(1);
  });

  it('shrinks once for a burst of pushback from calls already in flight', async () => {
    const limit = limiter(8);
    const gates = Array.from({ length: 4 }, () => deferred());
    const runs = gates.map((gate) => limit.run(() => gate.promise).catch(() => {}));
    for (const gate of gates) gate.reject(new Pushback());
    await Promise.all(runs);
    expect(limit.limit).toBe(4);
    expect(limit.shrinks).toBe(1);
  });

  it('stops waiting for a slot with CANCELLED when the signal aborts', async () => {
    const limit = limiter(1);
    const busy = deferred();
    const first = limit.run(() => busy.promise);
    const controller = new AbortController();
    const second = limit.run(ok, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
    busy.resolve();
    await first;
    expect(limit.active).toBe(0);
    expect(await limit.run(ok)).toBe('ok');
  });
});
