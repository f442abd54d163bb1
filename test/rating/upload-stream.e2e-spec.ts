import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AS_ADMIN } from '../support/auth.js';
import { FUTURE } from '../support/dates.js';
import { csvLines, GOLD_PATH, useUploadClient } from './upload-client.js';

/**
 * A CSV version upload is read as it arrives (SPEC §7: up to 64 MiB), over real sockets: what a
 * client sees when the deck is refused before its end, sent slowly, or cut off, and that the
 * keep-alive connection it came on serves the next request.
 */
describe('CSV version uploads read as they arrive (SPEC §7)', () => {
  const { t, admin, send, slowUpload, port } = useUploadClient();
  const path = GOLD_PATH;

  it('stores a deck sent slowly in pieces, with no Content-Length', async () => {
    const lines = csvLines(20_000);
    const parts: string[] = [];
    for (let i = 0; i < lines.length; i += 2_000) {
      parts.push(`${lines.slice(i, i + 2_000).join('\n')}\n`);
    }

    const answer = await send(
      'PUT',
      path,
      { 'content-type': 'text/csv' },
      parts,
      20,
    );

    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ rate_count: 20_000 });
  });

  it('answers a fault that stops the read near the start of a large deck, and the connection serves the next request', async () => {
    const lines = csvLines(200_000);
    // A line no rate has: the read stops there, with most of the body still to come.
    lines[2] = `44,${'9'.repeat(5_000)}`;
    const body = `${lines.join('\n')}\n`;

    const refused = await send(
      'PUT',
      path,
      {
        'content-type': 'text/csv',
        'content-length': String(Buffer.byteLength(body)),
      },
      [body],
    );
    const next = await send('GET', '/admin/plans', {});

    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(JSON.parse(refused.body)).toMatchObject({
      errors: [expect.objectContaining({ field: 'lines[3]' })],
    });
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(true);
    expect((await admin.getVersion('gold', FUTURE)).statusCode).toBe(404);
  });

  it('answers 415 to a CSV body sent to a route that reads JSON, and closes that connection', async () => {
    const body = 'call_duration\n1000\n'.repeat(100_000);

    const refused = await send(
      'PUT',
      '/mobile/alice/call',
      { 'content-type': 'text/csv', 'content-length': String(body.length) },
      [body],
    );
    const next = await send('GET', '/mobile/alice/billing', {});

    // Refused before it is read: the rest of the body must not be taken for the next request.
    expect(refused.status).toBe(415);
    expect(refused.headers.connection).toBe('close');
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(false);
    expect(await t.callCount()).toBe(0);
  });

  it('refuses a version in force at once while another upload has the turn', async () => {
    const slow = slowUpload();
    let slowAnswered = false;
    void slow.then(() => (slowAnswered = true));
    await sleep(200);

    const inForce = await send(
      'PUT',
      `/admin/plans/gold/versions/${encodeURIComponent('2001-01-01T00:00:00.000Z')}`,
      { 'content-type': 'text/csv' },
      ['prefix,price\n,0.05\n'],
      0,
      new Agent(),
    );

    expect(inForce.status).toBe(409);
    expect(slowAnswered).toBe(false);
    expect((await slow).status).toBe(201);
  });

  it('stores nothing of a deck cut off before its end, and goes on serving', async () => {
    const lines = csvLines(50_000);
    const body = `${lines.join('\n')}\n`;
    const outgoing = request({
      host: '127.0.0.1',
      port: port(),
      method: 'PUT',
      path,
      headers: {
        ...AS_ADMIN,
        'content-type': 'text/csv',
        'content-length': String(body.length),
      },
    });
    outgoing.on('error', () => undefined);
    outgoing.write(body.slice(0, body.length / 2));
    await sleep(200);
    outgoing.destroy();
    await sleep(200);

    expect((await admin.getVersion('gold', FUTURE)).statusCode).toBe(404);
    const after = await send('PUT', path, { 'content-type': 'text/csv' }, [
      body,
    ]);
    expect(after.status).toBe(201);
    expect(JSON.parse(after.body)).toMatchObject({ rate_count: 50_000 });
  });
});
