import type { Response } from './support/api.js';
import { expectProblem } from './support/expectations.js';
import { useTestApp } from './support/test-app.js';

/**
 * SPEC §4: "A request costs work in proportion to what is allowed: an error answer is small (a
 * few KB at most, however many faults the body has) and no single request blocks other
 * clients", and never a 500 for anything a client sent, however large or deep. Timings are not
 * asserted (the machine is shared); the event loop's worst delay is printed for the record.
 */
const FEW_KB = 4_096;
const JSON_TYPE = { 'content-type': 'application/json' };

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  errors_omitted?: number;
}

/**
 * The longest the event loop went without running a 1 ms timer while `work` ran: what another
 * client waited at worst. (perf_hooks' monitorEventLoopDelay records no samples under Jest's VM
 * modules, hence a timer of its own.)
 */
async function loopDelay<T>(work: () => Promise<T>): Promise<[T, number]> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  try {
    return [await work(), Math.round(worst)];
  } finally {
    clearInterval(timer);
  }
}

/** `{"call_duration":1, …n unknown keys…}`: 100,000 of them make about 850 KB. */
function wideCall(keys: number): string {
  const fields = ['"call_duration":1'];
  for (let i = 0; i < keys; i++) fields.push(`"${i.toString(36)}":1`);
  return `{${fields.join(',')}}`;
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('request limits (SPEC §4)', () => {
  const t = useTestApp();
  const delays: string[] = [];
  /** Runs `work`, noting for the record how long the event loop was held at worst. */
  async function measured<T>(work: () => Promise<T>): Promise<T> {
    const [result, worst] = await loopDelay(work);
    delays.push(`${expect.getState().currentTestName}: ${worst} ms`);
    return result;
  }

  afterAll(() => {
    process.stdout.write(`Event loop held at most:\n${delays.join('\n')}\n`);
  });

  const put = (payload: string) => t.putCall('alice', payload);

  function batch(payload: string) {
    return t.app.inject({
      method: 'POST',
      url: '/calls/batch',
      headers: JSON_TYPE,
      payload,
    });
  }

  /** A small 400 problem; nothing stored. */
  async function expectSmall400(response: Response): Promise<Problem> {
    expectProblem(response, 400);
    expect(response.body.length).toBeLessThan(FEW_KB);
    await expect(t.callCount()).resolves.toBe(0);
    return JSON.parse(response.body) as Problem;
  }

  describe('a body with more fields than any object of the API', () => {
    it('is refused from its text, before it is parsed', async () => {
      const body = await expectSmall400(
        await measured(() => put(wideCall(100_000))),
      );

      expect(body.errors).toEqual([
        { field: 'body', message: 'an object of more than 64 fields' },
      ]);
    });

    it('does not keep a concurrent /health waiting: four at once, and /health is answered', async () => {
      const payload = wideCall(100_000);
      const [health, ...puts] = await measured(() =>
        Promise.all([
          t.app.inject({ method: 'GET', url: '/health' }),
          ...Array.from({ length: 4 }, () => put(payload)),
        ]),
      );

      expect(health.statusCode).toBe(200);
      for (const response of puts) await expectSmall400(response);
    });
  });

  describe('a body with more fields than its DTO', () => {
    it('is refused with a few KB that name the first fields and count the rest', async () => {
      const body = await expectSmall400(
        await measured(() => put(wideCall(60))),
      );

      expect(body.errors).toHaveLength(10);
      expect(body.errors?.[0]).toEqual({
        field: '0',
        message: 'property 0 should not exist',
      });
      expect(body.errors_omitted).toBe(60 - 10);
      expect(body.detail).toMatch(/; and 50 more$/);
    });

    it('names a 100 KB key by its first characters only', async () => {
      const key = 'k'.repeat(100_000);

      const body = await expectSmall400(
        await put(`{"call_duration":1,"${key}":1}`),
      );

      expect(body.errors).toEqual([
        {
          field: `${'k'.repeat(64)}…`,
          message: `property ${'k'.repeat(64)}… should not exist`,
        },
      ]);
    });
  });

  describe('a batch over 1,000 items', () => {
    it('is refused before any item is looked at', async () => {
      const items = Array<string>(60_000).fill('{"toString":1}').join(',');
      const body = await expectSmall400(
        await measured(() => batch(`{"calls":[${items}]}`)),
      );

      expect(body.errors).toEqual([
        { field: 'calls', message: 'an array of more than 10000 items' },
      ]);
    });

    it('is refused, when it is under the text limit, before any item is validated', async () => {
      const items = Array<string>(5_000).fill('{"toString":1}').join(',');

      const body = await expectSmall400(
        await measured(() => batch(`{"calls":[${items}]}`)),
      );

      expect(body.errors).toEqual([
        {
          field: 'calls',
          message: 'calls must hold at most 1000 items (got 5000)',
        },
      ]);
    });
  });

  describe('1,000 items, each with many unknown fields', () => {
    it('is refused with a few KB that count every unknown field', async () => {
      const unknown = Array.from({ length: 60 }, (_, i) => `"x${i}":1`);
      const item = `{"user_name":"a","call_duration":1,${unknown.join(',')}}`;
      const body = await expectSmall400(
        await measured(() =>
          batch(`{"calls":[${Array<string>(1000).fill(item).join(',')}]}`),
        ),
      );

      expect(body.errors?.[0]?.field).toBe('calls[0].x0');
      expect(body.errors_omitted).toBe(60 * 1000 - 10);
    });
  });

  describe('1,000 items, each wrong in every field', () => {
    it('is refused with a few KB that count every fault', async () => {
      const item = '{"user_name":1,"call_duration":"x","idempotency_key":2}';
      const body = await expectSmall400(
        await measured(() =>
          batch(`{"calls":[${Array<string>(1000).fill(item).join(',')}]}`),
        ),
      );

      expect(body.errors).toHaveLength(10);
      expect(body.errors_omitted).toBe(3 * 1000 - 10);
    });
  });

  describe('an array of 450,000 numbers where a string goes', () => {
    it('is refused without class-transformer copying it', async () => {
      const row = `[${Array<string>(9_000).fill('1').join(',')}]`;
      const key = `[${Array<string>(50).fill(row).join(',')}]`;

      const body = await expectSmall400(
        await measured(() =>
          batch(
            `{"calls":[{"user_name":"a","call_duration":1,"idempotency_key":${key}}]}`,
          ),
        ),
      );

      expect(body.errors).toEqual([
        {
          field: 'calls[0].idempotency_key',
          message: expect.stringMatching(/^idempotency key must be/) as unknown,
        },
      ]);
    });
  });

  describe('deep nesting', () => {
    it.each([2_000, 100_000])(
      'is a 400 at depth %i in a PUT body',
      async (depth) => {
        const body = await expectSmall400(
          await put(`{"call_duration":1,"x":${nested(depth)}}`),
        );

        expect(body.errors).toEqual([
          {
            field: `x${'[0]'.repeat(31)}`,
            message: 'nested more than 32 levels deep',
          },
        ]);
      },
    );

    it.each([2_000, 100_000])(
      'is a 400 at depth %i under a known field of a batch item',
      async (depth) => {
        const item = `{"user_name":"a","call_duration":1,"idempotency_key":${nested(depth)}}`;

        const body = await expectSmall400(await batch(`{"calls":[${item}]}`));

        expect(body.errors?.[0]?.field).toMatch(
          /^calls\[0\]\.idempotency_key\[0\]/,
        );
      },
    );
  });
});
