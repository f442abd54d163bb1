import { jest } from '@jest/globals';
import { OneAtATime } from './one-at-a-time.js';

class Busy extends Error {}

/** A piece of work that ends when told to, recording when it started. */
function gate(log: string[], name: string) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  return {
    end,
    work: async () => {
      log.push(`${name} starts`);
      await ended;
      log.push(`${name} ends`);
      return name;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('OneAtATime', () => {
  afterEach(() => jest.useRealTimers());

  it('runs the work one at a time, in the order it came', async () => {
    const gates = new OneAtATime(60_000, () => new Busy());
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name));
    const results = [a, b, c].map(({ work }) => gates.run(work));

    await tick();
    expect(log).toEqual(['a starts']);
    c.end();
    b.end();
    await tick();
    expect(log).toEqual(['a starts']);
    a.end();

    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual([
      'a starts',
      'a ends',
      'b starts',
      'b ends',
      'c starts',
      'c ends',
    ]);
  });

  it('passes the turn on when the work fails', async () => {
    const gates = new OneAtATime(60_000, () => new Busy());
    const failed = gates.run(() => Promise.reject(new Error('boom')));
    const next = gates.run(() => Promise.resolve('next'));

    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });

  it('refuses a wait longer than maxWaitMs, and the queue goes on without it', async () => {
    jest.useFakeTimers();
    const gates = new OneAtATime(1_000, () => new Busy());
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = gates.run(first.work);
    const tooLate = gates.run(() => Promise.resolve('too late'));
    const refused = expect(tooLate).rejects.toBeInstanceOf(Busy);

    jest.advanceTimersByTime(1_001);
    await refused;
    const after = gates.run(() => Promise.resolve('after'));
    first.end();

    expect(await running).toBe('first');
    expect(await after).toBe('after');
  });

  it('is free again once the queue is empty', async () => {
    const gates = new OneAtATime(60_000, () => new Busy());
    expect(await gates.run(() => Promise.resolve(1))).toBe(1);
    expect(await gates.run(() => Promise.resolve(2))).toBe(2);
  });

  it('lets a waiter whose signal aborts leave at once with its reason, and the queue goes on', async () => {
    const gates = new OneAtATime(60_000, () => new Busy());
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name));
    const leaving = new AbortController();
    const first = gates.run(a.work);
    const gone = gates.run(b.work, leaving.signal);
    const last = gates.run(c.work);

    leaving.abort(new Error('client gone'));
    await expect(gone).rejects.toThrow('client gone');
    a.end();
    c.end();

    expect(await first).toBe('a');
    expect(await last).toBe('c');
    expect(log).toEqual(['a starts', 'a ends', 'c starts', 'c ends']);
  });

  it('does not start work whose signal aborted before its turn came', async () => {
    const gates = new OneAtATime(60_000, () => new Busy());
    const work = jest.fn(() => Promise.resolve('ran'));

    await expect(
      gates.run(work, AbortSignal.abort(new Error('client gone'))),
    ).rejects.toThrow('client gone');
    expect(work).not.toHaveBeenCalled();
    expect(await gates.run(() => Promise.resolve('free'))).toBe('free');
  });
});
