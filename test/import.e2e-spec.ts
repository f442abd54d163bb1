import { CallBatchService } from '../src/call-billing/services/call-batch.service.js';
import { Call } from '../src/call-billing/persistence/call.entity.js';
import {
  CsvImportService,
  IMPORT_BATCH_SIZE,
  type ImportListener,
} from '../src/call-billing/services/csv-import.service.js';
import { withKey } from './support/api.js';
import { ExpectedBills } from './support/expectations.js';
import { useTempFolder } from './support/temp-folder.js';
import { useTestApp } from './support/test-app.js';

const t = useTestApp();
const folder = useTempFolder('call-billing-import-test-');

/** Collects what the import reports, instead of printing it. */
function recorder() {
  const rejected: { line: number; reason: string }[] = [];
  const listener: ImportListener = {
    rejected: (line, reason) => rejected.push({ line, reason }),
    progress: () => undefined,
  };
  return { rejected, listener };
}

const runImport = (path: string, listener: ImportListener) =>
  t.app.get(CsvImportService).import(path, listener);

/** Imports `text` as the file `name`: the summary, and the lines it rejected. */
async function importText(name: string, text: string) {
  const { rejected, listener } = recorder();
  const summary = await runImport(folder.write(name, text), listener);
  return { summary, rejected };
}

/** Files whose header the import refuses before it reads a line. */
const BAD_HEADERS = [
  ['an empty file', ''],
  ['an unknown column', 'user_name,call_duration,colour\nalice,1,red\n'],
  ['a missing column', 'user_name\nalice\n'],
];

describe('CSV import', () => {
  it('imports 100,000 lines exactly once across two runs, and bills what the file implies', async () => {
    const users = ['alice', 'bob', 'Alice', 'c.d+e@f', 'g_h-i'];
    const expected = new ExpectedBills(users);
    const lines = ['user_name,call_duration,idempotency_key'];
    let seed = 7;
    for (let i = 0; i < 100_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const user = users[i % users.length] ?? 'alice';
      const duration = seed % 3_600_001;
      // Every tenth line brings its own key; the rest get one derived from the file.
      lines.push(`${user},${duration},${i % 10 === 0 ? `own-${i}` : ''}`);
      expected.count(user, duration);
    }
    const path = folder.write('calls.csv', `${lines.join('\n')}\n`);

    const first = await runImport(path, recorder().listener);
    const second = await runImport(path, recorder().listener);

    expect(first).toEqual({
      rows: 100_000,
      inserted: 100_000,
      duplicates: 0,
      rejected: 0,
    });
    expect(second).toEqual({
      rows: 100_000,
      inserted: 0,
      duplicates: 100_000,
      rejected: 0,
    });
    expect(await t.callCount()).toBe(100_000);
    await expected.expectBilled(t);
  }, 180_000);

  it('reports bad lines with their number and reason, and stores the rest', async () => {
    const { summary, rejected } = await importText(
      'mixed.csv',
      [
        'user_name,call_duration',
        'alice,545000',
        'bad name,1',
        'bob,-5',
        'bob,1.5',
        'bob,2147483648',
        'carol,30001,extra',
        '',
        'dave,0',
      ].join('\n'),
    );

    expect(summary).toEqual({
      rows: 7,
      inserted: 2,
      duplicates: 0,
      rejected: 5,
    });
    expect(rejected.map((entry) => entry.line)).toEqual([3, 4, 5, 6, 7]);
    expect(rejected[0]?.reason).toMatch(/user_name/);
    expect(rejected[1]?.reason).toMatch(/call_duration/);
    expect(rejected[4]?.reason).toMatch(/fields/);
    expect(await t.callCount()).toBe(2);
  });

  it('rejects a line whose key was recorded with another duration, keeping the others', async () => {
    await t.putCall('alice', { call_duration: 1 }, withKey('taken'));
    const { summary, rejected } = await importText(
      'conflict.csv',
      'user_name,call_duration,idempotency_key\nalice,2,taken\nalice,1,taken\nbob,3,\n',
    );

    expect(summary).toEqual({
      rows: 3,
      inserted: 1,
      duplicates: 1,
      rejected: 1,
    });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.line).toBe(2);
    expect(rejected[0]?.reason).toMatch(/another call_duration/);
  });

  it("keeps a key's first line in the file when batches overlap", async () => {
    // Batch 1 holds line 2 (key k-1) and line 3 (key k-2); batch 2 repeats both, one with another
    // duration, and batch 3 repeats k-1 again. Batch 1 is held back until batch 2 has been stored
    // (or 300 ms have passed): if batch 2 were sent while batch 1 is in flight, its k-1 would be
    // recorded first. The first lines must win all the same.
    const lines = ['user_name,call_duration,idempotency_key'];
    lines.push('alice,1000,k-1', 'alice,2000,k-2');
    for (let i = lines.length; i <= IMPORT_BATCH_SIZE; i++)
      lines.push(`bob,${i},`);
    lines.push('alice,1001,k-1', 'alice,2000,k-2');
    for (let i = 0; i < IMPORT_BATCH_SIZE; i++) lines.push(`carol,${i},`);
    lines.push('alice,1002,k-1');
    const path = folder.write('overlap.csv', `${lines.join('\n')}\n`);
    const { rejected, listener } = recorder();
    const service = t.app.get(CallBatchService);
    let releaseFirst: () => void = () => undefined;
    const secondStored = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let calls = 0;
    const slowFirstBatch = {
      recordBatch: async (
        ...args: Parameters<CallBatchService['recordBatch']>
      ) => {
        calls++;
        if (calls === 1) {
          await Promise.race([
            secondStored,
            new Promise((resolve) => setTimeout(resolve, 300)),
          ]);
          return service.recordBatch(...args);
        }
        try {
          return await service.recordBatch(...args);
        } finally {
          if (calls === 2) releaseFirst();
        }
      },
    } as CallBatchService;

    const summary = await new CsvImportService(slowFirstBatch).import(
      path,
      listener,
    );

    const rows = 3 + (IMPORT_BATCH_SIZE - 2) + 2 + IMPORT_BATCH_SIZE;
    expect(summary).toEqual({
      rows,
      inserted: rows - 3,
      duplicates: 1,
      rejected: 2,
    });
    expect(rejected.map(({ line }) => line)).toEqual([
      IMPORT_BATCH_SIZE + 2,
      2 * IMPORT_BATCH_SIZE + 4,
    ]);
    const alice = await t.dataSource
      .getRepository(Call)
      .find({ where: { userName: 'alice' }, order: { callDuration: 'ASC' } });
    expect(alice.map((call) => call.callDuration)).toEqual([1000, 2000]);
  });

  it('reads quoted fields and keys with commas', async () => {
    const path = folder.write(
      'quoted.csv',
      '\ufeffidempotency_key,user_name,call_duration\r\n"a,b",alice,1000\r\n"say""hi""",bob,2000\r\n',
    );
    const summary = await runImport(path, recorder().listener);
    expect(summary.inserted).toBe(2);
    const keys = (await t.storedCalls()).map((call) => call.idempotencyKey);
    expect(keys.sort()).toEqual(['a,b', 'say"hi"']);
  });

  it.each(BAD_HEADERS)(
    'refuses %s before storing anything',
    async (_, text) => {
      await expect(importText('bad-header.csv', text)).rejects.toThrow(
        /header|empty/,
      );
      expect(await t.callCount()).toBe(0);
    },
  );
});
