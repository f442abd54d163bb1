// The HTTP ceiling of this machine, for the benchmark's ratios: Fastify answering the service's
// two routes with a fixed body, touching no database. Fastify still parses the JSON body.
//
//   PORT=8102 node bench/ceiling-server.js
import Fastify from 'fastify';

const CALL = JSON.stringify({
  id: '1',
  user_name: 'alice',
  call_duration: 545000,
  created_at: '2026-11-24T10:15:30.123Z',
  updated_at: '2026-11-24T10:15:30.123Z',
});
const BILL = JSON.stringify({
  user_name: 'alice',
  period: null,
  call_count: 2,
  total_duration: 575001,
  block_count: 21,
  block_seconds: 30,
  price_per_block: '0.05',
  amount: '1.05',
  currency: 'USD',
});

const app = Fastify({ logger: false, bodyLimit: 1_048_576 });

app.put('/mobile/:user_name/call', (_request, reply) =>
  reply.code(201).header('content-type', 'application/json').send(CALL),
);
app.get('/mobile/:user_name/billing', (_request, reply) =>
  reply.header('content-type', 'application/json').send(BILL),
);
app.get('/health', (_request, reply) =>
  reply.header('content-type', 'application/json').send('{"status":"ok"}'),
);

/** @param {string} signal */
async function stop(signal) {
  await app.close();
  process.exit(signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1);
}
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));

const port = Number(process.env.PORT ?? 8102);
await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
console.log(`ceiling-server listening on port ${port}`);
