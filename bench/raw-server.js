// The conventional way, for the benchmark's ratios: Fastify + mysql2, JSON-schema validation,
// then one transaction per PUT (the call, plus an upsert of the user's monthly totals) and one
// totals read per bill. Same routes, same validation rules, same schema and same answers as the
// service (run the service's migrations on its database first). No Nest, no TypeORM, no group
// commit, no logging, no idempotency keys (the benchmark sends none).
//
//   PORT=8101 DB_HOST=127.0.0.1 DB_NAME=bench_raw node bench/raw-server.js
//
// Environment: PORT (8101), HOST (127.0.0.1), DB_HOST (127.0.0.1), DB_PORT (3306), DB_NAME
// (required), DB_USERNAME (root), DB_PASSWORD (empty), RAW_POOL_SIZE (10, as the service's pool).
import Fastify from 'fastify';
import mysql from 'mysql2/promise';

const BLOCK_MS = 30_000;
const PRICE_CENTS = 5n; // "0.05" per block, two decimals
const MAX_CALL_DURATION = 2_147_483_647;
const DEADLOCK_ERRNOS = new Set([1213, 1205]); // ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT

const env = process.env;
const database = env.DB_NAME;
if (database === undefined || database === '') {
  console.error('raw-server: DB_NAME is required');
  process.exit(2);
}

const pool = mysql.createPool({
  host: env.DB_HOST ?? '127.0.0.1',
  port: Number(env.DB_PORT ?? 3306),
  user: env.DB_USERNAME ?? 'root',
  password: env.DB_PASSWORD ?? '',
  database,
  timezone: 'Z',
  charset: 'utf8mb4',
  supportBigNumbers: true,
  bigNumberStrings: true,
  connectionLimit: Number(env.RAW_POOL_SIZE ?? 10),
  connectTimeout: 3_000,
});

const app = Fastify({
  logger: false,
  bodyLimit: 1_048_576,
  // Reject, never silently drop or coerce: unknown fields and "3000" are 400s, as in the service.
  ajv: {
    customOptions: {
      removeAdditional: false,
      coerceTypes: false,
      useDefaults: false,
      allErrors: false,
    },
  },
});

// JSON is the only body the API reads: a text body is a 415, as in the service.
app.removeContentTypeParser(['text/plain']);

const userParams = {
  type: 'object',
  required: ['user_name'],
  additionalProperties: false,
  properties: {
    user_name: { type: 'string', pattern: '^[A-Za-z0-9_.+@-]{1,32}$' },
  },
};

/**
 * @param {import('fastify').FastifyReply} reply
 * @param {number} status
 * @param {string} title
 * @param {string} detail
 */
function problem(reply, status, title, detail) {
  return reply
    .code(status)
    .header('content-type', 'application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

app.setErrorHandler((error, _request, reply) => {
  const err =
    /** @type {{ validation?: unknown, statusCode?: number, message: string }} */ (
      error
    );
  if (err.validation !== undefined) {
    return problem(reply, 400, 'Bad Request', err.message);
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return problem(reply, status, 'Client Error', err.message);
  }
  console.error('raw-server:', error);
  return problem(reply, 500, 'Internal Server Error', 'unexpected error');
});

app.setNotFoundHandler((_request, reply) =>
  problem(reply, 404, 'Not Found', 'no such route'),
);

/**
 * Runs `work` in one transaction on a pooled connection, again on a deadlock or lock wait.
 * @template T
 * @param {(connection: import('mysql2/promise').PoolConnection) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function transaction(work) {
  for (let attempt = 1; ; attempt++) {
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const result = await work(connection);
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      const errno = /** @type {{ errno?: number }} */ (error).errno;
      if (attempt >= 3 || errno === undefined || !DEADLOCK_ERRNOS.has(errno))
        throw error;
    } finally {
      connection.release();
    }
  }
}

const INSERT_CALL =
  'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) ' +
  'VALUES (?, ?, NULL, ?, ?)';
const UPSERT_TOTALS =
  'INSERT INTO billing_totals (user_name, period, call_count, total_duration, block_count) ' +
  'VALUES (?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE call_count = call_count + VALUES(call_count), ' +
  'total_duration = total_duration + VALUES(total_duration), ' +
  'block_count = block_count + VALUES(block_count)';

app.put(
  '/mobile/:user_name/call',
  {
    schema: {
      params: userParams,
      body: {
        type: 'object',
        required: ['call_duration'],
        additionalProperties: false,
        properties: {
          call_duration: {
            type: 'integer',
            minimum: 0,
            maximum: MAX_CALL_DURATION,
          },
        },
      },
    },
  },
  async (request, reply) => {
    const { user_name } = /** @type {{ user_name: string }} */ (request.params);
    const { call_duration } = /** @type {{ call_duration: number }} */ (
      request.body
    );
    const now = new Date();
    const blocks = Math.floor((call_duration + BLOCK_MS - 1) / BLOCK_MS);
    const id = await transaction(async (connection) => {
      const [header] =
        /** @type {[import('mysql2/promise').ResultSetHeader, unknown]} */ (
          await connection.query(INSERT_CALL, [
            user_name,
            call_duration,
            now,
            now,
          ])
        );
      await connection.query(UPSERT_TOTALS, [
        user_name,
        now.toISOString().slice(0, 7),
        call_duration,
        blocks,
      ]);
      return String(header.insertId);
    });
    const at = now.toISOString();
    return reply.code(201).send({
      id,
      user_name,
      call_duration,
      created_at: at,
      updated_at: at,
    });
  },
);

app.get(
  '/mobile/:user_name/billing',
  {
    schema: {
      params: userParams,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          period: {
            type: 'string',
            pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
          },
        },
      },
    },
  },
  async (request) => {
    const { user_name } = /** @type {{ user_name: string }} */ (request.params);
    const { period } = /** @type {{ period?: string }} */ (request.query);
    const [rows] =
      /** @type {[{ call_count: string, total_duration: string, block_count: string }[], unknown]} */ (
        await pool.query(
          'SELECT COALESCE(SUM(call_count), 0) AS call_count, ' +
            'COALESCE(SUM(total_duration), 0) AS total_duration, ' +
            'COALESCE(SUM(block_count), 0) AS block_count ' +
            `FROM billing_totals WHERE user_name = ?${period === undefined ? '' : ' AND period = ?'}`,
          period === undefined ? [user_name] : [user_name, period],
        )
      );
    const totals = rows[0] ?? {
      call_count: '0',
      total_duration: '0',
      block_count: '0',
    };
    const blockCount = BigInt(totals.block_count);
    const cents = blockCount * PRICE_CENTS;
    return {
      user_name,
      period: period ?? null,
      call_count: Number(totals.call_count),
      total_duration: Number(totals.total_duration),
      block_count: Number(blockCount),
      block_seconds: BLOCK_MS / 1000,
      price_per_block: '0.05',
      amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
      currency: 'USD',
    };
  },
);

app.get('/health', async () => {
  await pool.query('SELECT 1');
  return { status: 'ok' };
});

/** @param {string} signal */
async function stop(signal) {
  await app.close();
  await pool.end();
  process.exit(signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1);
}
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));

await app.listen({
  port: Number(env.PORT ?? 8101),
  host: env.HOST ?? '127.0.0.1',
});
console.log(`raw-server listening on port ${env.PORT ?? 8101}`);
