import { DataSource } from 'typeorm';
import { Call } from '../src/call-billing/persistence/call.entity.js';
import { validateEnv } from '../src/platform/config/validate-env.js';
import { dataSourceOptions } from '../src/platform/database/data-source-options.js';
import {
  ensureServiceBuilt,
  freePort,
  ServiceProcess,
} from './support/service-process.js';
import { withKey } from './support/api.js';
import {
  createTestDatabase,
  ON_MYSQL,
  type TestDatabase,
} from './support/test-database.js';
import { auditTotals } from './support/totals-audit.js';

/**
 * Durability (SPEC §4, issue 4): "an acknowledged (2xx) call is durable: it survives a crash of
 * the service right after the response". The built service runs as a real process; concurrent
 * keep-alive clients record calls (half of them with an `Idempotency-Key`); the process is killed
 * with SIGKILL in the middle of the load and started again; every request whose outcome the
 * client could not know (a network error) is sent again, with its key where it had one. Then:
 * every acknowledged call is stored, no keyed call twice, and the running totals equal a recount.
 *
 * It runs on the database the suite runs on: MariaDB/MySQL with DB_HOST set (there the database
 * server outlives the service, as in production), else the SQLite file (synchronous=FULL, WAL).
 */
const CLIENTS = 24;
/**
 * Rounds of load, each ended by a SIGKILL once this many of its calls were acknowledged, with
 * every client mid-request; the service is restarted after each.
 */
const KILL_AFTER_ACKNOWLEDGED = [250, 400, 550];
const USERS = 8;
const REQUEST_TIMEOUT_MS = 10_000;
/** A round that has not reached its kill by then is a failure (the service stalled). */
const STALL_MS = 15_000;

type Attempt = ReturnType<typeof attempt>;

type Outcome =
  | {
      readonly kind: 'acknowledged';
      readonly status: number;
      readonly id: string;
      readonly replayed: boolean;
    }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly body: string;
    }
  | { readonly kind: 'unknown'; readonly error: string };

/** The `seq`-th request of the load, half of them with a key. */
function attempt(seq: number) {
  return {
    seq,
    userName: `durable-${Math.floor(seq / 2) % USERS}`,
    // Unique per attempt: a stored row tells which request it came from, key or not.
    duration: 1 + seq * 1_009,
    key: seq % 2 === 0 ? `durability-${seq}` : undefined,
  };
}

async function send(baseUrl: string, call: Attempt): Promise<Outcome> {
  try {
    const response = await fetch(`${baseUrl}/mobile/${call.userName}/call`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        ...withKey(call.key),
      },
      body: JSON.stringify({ call_duration: call.duration }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.text();
    if (response.status < 200 || response.status > 299) {
      return { kind: 'rejected', status: response.status, body };
    }
    const { id } = JSON.parse(body) as { id: string };
    return {
      kind: 'acknowledged',
      status: response.status,
      id,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    return {
      kind: 'unknown',
      error: cause?.code ?? cause?.message ?? String(error),
    };
  }
}

const engine = ON_MYSQL ? 'MySQL/MariaDB' : 'SQLite';

describe(`durability: SIGKILL under load, restart, retry (${engine})`, () => {
  let database: TestDatabase;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    const started = Date.now();
    if (ensureServiceBuilt()) {
      process.stdout.write(
        `durability: built dist/main.js in ${Date.now() - started} ms\n`,
      );
    }
    database = await createTestDatabase();
  }, 120_000);

  afterAll(async () => {
    await service?.kill('SIGKILL');
    await database?.drop();
  });

  it('every acknowledged call is stored once, and the totals equal a recount', async () => {
    const started = Date.now();
    const port = await freePort();
    const env = { ...database.env, RATE_LIMIT_PER_MINUTE: '0' };
    service = await ServiceProcess.start(port, env);

    const attempts: Attempt[] = [];
    const first = new Map<number, Outcome>();
    const retried = new Map<number, Outcome>();
    const kills: string[] = [];
    let next = 0;
    for (const killAfter of KILL_AFTER_ACKNOWLEDGED) {
      // --- load, and a SIGKILL in the middle of it --------------------------------------------
      const running = service;
      let acknowledged = 0;
      let inFlight = 0;
      let inFlightAtKill = 0;
      let killed: Promise<unknown> | undefined;
      let stalled = false;
      const loadStarted = Date.now();
      const client = async () => {
        while (killed === undefined) {
          const call = attempt(next++);
          attempts.push(call);
          inFlight++;
          const outcome = await send(running.url, call);
          inFlight--;
          first.set(call.seq, outcome);
          if (outcome.kind === 'acknowledged') acknowledged++;
          if (acknowledged >= killAfter && killed === undefined) {
            inFlightAtKill = inFlight;
            killed = running.kill('SIGKILL');
          }
          if (Date.now() - loadStarted > STALL_MS && killed === undefined) {
            stalled = true;
            killed = running.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
      if (stalled) {
        throw new Error(
          `only ${acknowledged} calls acknowledged in ${STALL_MS} ms:\n${running.log()}`,
        );
      }
      await expect(killed).resolves.toMatchObject({ signal: 'SIGKILL' });
      kills.push(
        `after ${Date.now() - loadStarted} ms and ${acknowledged} acknowledged, ${inFlightAtKill} in flight`,
      );

      // --- restart, and retry what the clients could not know ---------------------------------
      service = await ServiceProcess.start(port, env);
      expect(service.pid).not.toBe(running.pid);
      const queue = attempts.filter(
        ({ seq }) => first.get(seq)?.kind === 'unknown' && !retried.has(seq),
      );
      const restarted = service;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let call = queue.shift(); call; call = queue.shift()) {
            retried.set(call.seq, await send(restarted.url, call));
          }
        }),
      );
    }
    const unknown = attempts.filter(
      ({ seq }) => first.get(seq)?.kind === 'unknown',
    );
    const failedRetries = [...retried.values()].filter(
      (outcome) => outcome.kind !== 'acknowledged',
    );
    expect(failedRetries).toEqual([]);

    // A client that retries an acknowledged keyed call after the restart gets the same call back.
    const keyedAcknowledged = attempts.filter(
      (call) =>
        call.key !== undefined &&
        (retried.get(call.seq) ?? first.get(call.seq))?.kind === 'acknowledged',
    );
    const replays = [...keyedAcknowledged];
    const restarted = service;
    const notReplayed: string[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let call = replays.shift(); call; call = replays.shift()) {
          const before = retried.get(call.seq) ?? first.get(call.seq);
          const again = await send(restarted.url, call);
          if (
            again.kind !== 'acknowledged' ||
            again.status !== 200 ||
            !again.replayed ||
            before?.kind !== 'acknowledged' ||
            again.id !== before.id
          ) {
            notReplayed.push(`${call.key}: ${JSON.stringify(again)}`);
          }
        }
      }),
    );
    // The bills the restarted service gives count every stored call.
    let billedCalls = 0;
    for (let user = 0; user < USERS; user++) {
      const response = await fetch(
        `${service.url}/mobile/durable-${user}/billing`,
      );
      billedCalls += ((await response.json()) as { call_count: number })
        .call_count;
    }
    // Stopped gracefully, within the grace period (not the SIGKILL that ends it).
    expect((await service.kill('SIGTERM')).signal).not.toBe('SIGKILL');
    service = undefined;

    // --- what is stored --------------------------------------------------------------------------
    const dataSource = new DataSource(
      dataSourceOptions(
        validateEnv({ ...process.env, ...database.env }).database,
      ),
    );
    await dataSource.initialize();
    try {
      const rows = await dataSource.getRepository(Call).find();
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      const bySignature = new Map<string, Call[]>();
      for (const row of rows) {
        const signature = `${row.userName}/${row.callDuration}`;
        bySignature.set(signature, [
          ...(bySignature.get(signature) ?? []),
          row,
        ]);
      }
      const storedOf = (call: Attempt) =>
        bySignature.get(`${call.userName}/${call.duration}`) ?? [];

      const problems: string[] = [];
      let keylessStoredTwice = 0;
      for (const call of attempts) {
        const outcome = retried.get(call.seq) ?? first.get(call.seq);
        const stored = storedOf(call);
        const wasUnknown = first.get(call.seq)?.kind === 'unknown';
        if (outcome?.kind !== 'acknowledged') {
          if (stored.length > 0)
            problems.push(`#${call.seq} was rejected yet is stored`);
          continue;
        }
        // Stored, by id and by key, as acknowledged.
        const row = byId.get(outcome.id);
        if (
          row === undefined ||
          row.userName !== call.userName ||
          row.callDuration !== call.duration ||
          row.idempotencyKey !== (call.key ?? null)
        ) {
          problems.push(
            `#${call.seq} acknowledged as id ${outcome.id} but not stored so`,
          );
        }
        if (call.key !== undefined) {
          const keyed = rows.filter(
            (r) =>
              r.userName === call.userName && r.idempotencyKey === call.key,
          );
          if (keyed.length !== 1 || String(keyed[0]?.id) !== outcome.id) {
            problems.push(
              `key ${call.key}: ${keyed.length} rows (ids ${keyed.map((r) => r.id).join(',')}), acknowledged id ${outcome.id}`,
            );
          }
        }
        // Never twice; a keyless request sent twice may be, when its lost answer had committed:
        // that is what a client without a key risks, and why the key exists.
        const allowed = call.key === undefined && wasUnknown ? 2 : 1;
        if (stored.length < 1 || stored.length > allowed) {
          problems.push(`#${call.seq} stored ${stored.length} times`);
        }
        if (stored.length === 2) keylessStoredTwice++;
      }
      // Nothing stored that no request asked for.
      const sentSignatures = new Set(
        attempts.map((call) => `${call.userName}/${call.duration}`),
      );
      for (const row of rows) {
        if (!sentSignatures.has(`${row.userName}/${row.callDuration}`))
          problems.push(`row ${row.id} matches no request`);
      }
      expect(problems).toEqual([]);
      expect(notReplayed).toEqual([]);
      expect(await auditTotals(database.env)).toEqual([]);
      expect(billedCalls).toBe(rows.length);

      const count = (outcomes: Iterable<Outcome>, kind: Outcome['kind']) =>
        [...outcomes].filter((outcome) => outcome.kind === kind).length;
      const retriedKeyed = unknown.filter((call) => call.key !== undefined);
      const replayed = [...retried.values()].filter(
        (outcome) => outcome.kind === 'acknowledged' && outcome.replayed,
      ).length;
      const errors = [
        ...new Set(
          [...first.values()].flatMap((outcome) =>
            outcome.kind === 'unknown' ? [outcome.error] : [],
          ),
        ),
      ];
      process.stdout.write(
        [
          `durability (${engine}): ${CLIENTS} keep-alive clients; ${kills.length} SIGKILLs under load, each followed by a restart: ${kills.join('; ')}`,
          `  sent ${attempts.length} (${attempts.filter((c) => c.key !== undefined).length} with Idempotency-Key), ` +
            `acknowledged at once ${count(first.values(), 'acknowledged')}, ` +
            `rejected ${count(first.values(), 'rejected')}, unknown (network error: ${errors.join(', ') || '-'}) ${unknown.length}`,
          `  unknown then retried after the restart ${retried.size} (${retriedKeyed.length} with their key: ` +
            `${replayed} replayed as already stored, ${retriedKeyed.length - replayed} stored by the retry), ` +
            `acknowledged by the retry ${count(retried.values(), 'acknowledged')}`,
          `  stored ${rows.length} rows; every acknowledged call stored (by id and by key), no key twice; ` +
            `keyless retries stored twice ${keylessStoredTwice}; ${keyedAcknowledged.length} keyed calls sent again: all replayed (200, same id); totals audit: 0 differences; ${Date.now() - started} ms`,
          '',
        ].join('\n'),
      );
    } finally {
      await dataSource.destroy();
    }
    // Three kills and restarts of the built service, each start loading its tariffs: the load
    // phases have their own stall budget (STALL_MS), this only bounds the whole.
  }, 120_000);
});
