import { RequestBatcher, type Settled } from './request-batcher.js';

/** A writer whose transactions finish when the test says so. */
function controllableWriter() {
  const groups: number[][] = [];
  const finishers: (() => void)[] = [];
  const write = (group: number[]) => {
    groups.push(group);
    return new Promise<Settled<string>[]>((done) => {
      finishers.push(() =>
        done(group.map((input) => ({ value: `stored ${input}` }))),
      );
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

  it('sends the next group before it answers the requests of the one just committed', async () => {
    const events: string[] = [];
    const commit = new RequestBatcher<number, string>(
      async (group) => {
        // As a pool hands over a connection: the statement goes out a tick later.
        await new Promise((resolve) => process.nextTick(resolve));
        events.push(`group ${group.join()} sent`);
        return group.map((input) => ({ value: `stored ${input}` }));
      },
      { maxBatchSize: 10, maxInFlight: 1 },
    );

    await Promise.all(
      [1, 2].map((input) =>
        commit.submit(input).then(() => events.push(`${input} answered`)),
      ),
    );
    expect(events).toEqual([
      'group 1 sent',
      'group 2 sent',
      '1 answered',
      '2 answered',
    ]);
  });

  it('gives each request its own outcome', async () => {
    const commit = new RequestBatcher<number, string>(
      (group) =>
        Promise.resolve(
          group.map((input) =>
            input % 2 === 0
              ? { value: `even ${input}` }
              : { error: new Error(`odd ${input}`) },
          ),
        ),
      { maxBatchSize: 10, maxInFlight: 1 },
    );

    const [first, second] = await Promise.allSettled([
      commit.submit(1),
      commit.submit(2),
    ]);
    expect(first).toMatchObject({ reason: new Error('odd 1') });
    expect(second).toEqual({ status: 'fulfilled', value: 'even 2' });
  });

  it('fails every request of a batch whose writer threw, and keeps serving', async () => {
    let calls = 0;
    const commit = new RequestBatcher<number, string>(
      (group) => {
        calls++;
        if (calls === 1) return Promise.reject(new Error('database away'));
        return Promise.resolve(group.map(() => ({ value: 'ok' })));
      },
      { maxBatchSize: 10, maxInFlight: 1 },
    );

    await expect(commit.submit(1)).rejects.toThrow('database away');
    await expect(commit.submit(2)).resolves.toBe('ok');
  });
});
