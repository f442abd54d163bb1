import { RequestBatcher, type Pending } from './request-batcher.js';

/** A writer whose transactions finish when the test says so. */
function controllableWriter() {
  const groups: number[][] = [];
  const finishers: (() => void)[] = [];
  const write = (group: Pending<number, string>[]) => {
    groups.push(group.map((pending) => pending.input));
    return new Promise<void>((done) => {
      finishers.push(() => {
        for (const pending of group) pending.resolve(`stored ${pending.input}`);
        done();
      });
    });
  };
  return { groups, finishers, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestBatcher', () => {
  it('sends a lone request at once', async () => {
    const writer = controllableWriter();
    const commit = new RequestBatcher(writer.write, {
      maxBatchSize: 10,
      maxInFlight: 1,
    });

    const answer = commit.submit(1);
    expect(writer.groups).toEqual([[1]]);
    writer.finishers[0]?.();
    await expect(answer).resolves.toBe('stored 1');
  });

  it('gathers the requests that arrive during a commit into the next transaction', async () => {
    const writer = controllableWriter();
    const commit = new RequestBatcher(writer.write, {
      maxBatchSize: 10,
      maxInFlight: 1,
    });

    const answers = [1, 2, 3, 4].map((input) => commit.submit(input));
    expect(writer.groups).toEqual([[1]]);
    expect(commit.waiting).toBe(3);

    writer.finishers[0]?.();
    await tick();
    expect(writer.groups).toEqual([[1], [2, 3, 4]]);
    writer.finishers[1]?.();
    await expect(Promise.all(answers)).resolves.toEqual([
      'stored 1',
      'stored 2',
      'stored 3',
      'stored 4',
    ]);
  });

  it('caps a group and runs up to maxInFlight transactions at once', async () => {
    const writer = controllableWriter();
    const commit = new RequestBatcher(writer.write, {
      maxBatchSize: 2,
      maxInFlight: 2,
    });

    const answers = [1, 2, 3, 4, 5].map((input) => commit.submit(input));
    expect(writer.groups).toEqual([[1], [2]]);
    writer.finishers[0]?.();
    await tick();
    expect(writer.groups).toEqual([[1], [2], [3, 4]]);
    writer.finishers[1]?.();
    await tick();
    writer.finishers[2]?.();
    await tick();
    writer.finishers[3]?.();
    await expect(Promise.all(answers)).resolves.toHaveLength(5);
  });

  it('fails the requests a crashed writer left unanswered, and keeps serving', async () => {
    let calls = 0;
    const commit = new RequestBatcher<number, string>(
      (group) => {
        calls++;
        if (calls === 1) return Promise.reject(new Error('database away'));
        for (const pending of group) pending.resolve('ok');
        return Promise.resolve();
      },
      { maxBatchSize: 10, maxInFlight: 1 },
    );

    await expect(commit.submit(1)).rejects.toThrow('database away');
    await expect(commit.submit(2)).resolves.toBe('ok');
  });
});
