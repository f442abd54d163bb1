import { setTimeout as sleep } from 'node:timers/promises';
import { AS_ADMIN, AS_CLIENT } from '../support/auth.js';
import {
  GOLD_PATH,
  SILVER_PATH,
  useUploadClient,
  wire,
} from './upload-client.js';

/**
 * `Expect: 100-continue` on uploads (`continue-when-read.ts`), over real sockets: the body is
 * asked for only once the upload is admitted, and a request pipelined behind one answered
 * without `100 Continue` is not run.
 */
describe('uploads sent with Expect: 100-continue', () => {
  const { t, send, sendExpecting, exchange } = useUploadClient();
  const path = GOLD_PATH;
  const silverPath = SILVER_PATH;

  it('asks for the body of an upload sent with Expect: 100-continue only once it is admitted', async () => {
    const json = JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] });
    const jsonType = { 'content-type': 'application/json' };
    const holder = send(
      'PUT',
      path,
      { ...jsonType, 'content-length': String(json.length) },
      [json.slice(0, 10), json.slice(10)],
      1_000,
    );
    await sleep(200);

    // Answered before its body was asked for, and so never sent.
    const busy = await sendExpecting(silverPath, jsonType, json);
    const forbidden = await sendExpecting(
      silverPath,
      { ...jsonType, authorization: AS_CLIENT.authorization },
      json,
    );
    const csv = await sendExpecting(
      silverPath,
      { 'content-type': 'text/csv' },
      'prefix,price\n,0.05\n',
    );
    expect((await holder).status).toBe(201);
    const admitted = await sendExpecting(
      silverPath,
      jsonType,
      JSON.stringify({ rates: [{ prefix: '', price: '0.07' }] }),
    );
    const call = await sendExpecting(
      '/mobile/alice/call',
      jsonType,
      '{"call_duration": 1000}',
    );

    expect(busy).toMatchObject({ status: 503, continued: false });
    expect(busy.headers.connection).toBe('close');
    expect(forbidden).toMatchObject({ status: 403, continued: false });
    expect(csv).toMatchObject({ status: 201, continued: true });
    expect(admitted).toMatchObject({ status: 200, continued: true });
    expect(JSON.parse(admitted.body)).toMatchObject({ rate_count: 1 });
    expect(call).toMatchObject({ status: 201, continued: true });
    expect(await t.callCount()).toBe(1);
  });

  it('answers an upload declared over 64 MiB with a 413 before asking for its body', async () => {
    const tooLarge = await sendExpecting(
      silverPath,
      {
        'content-type': 'text/csv',
        'content-length': String(64 * 1024 * 1024 + 1),
      },
      '',
    );

    expect(tooLarge).toMatchObject({ status: 413, continued: false });
  });

  /**
   * An upload sent with `Expect: 100-continue` and its body at once (RFC 9110 lets a client not
   * wait), and a call pipelined behind it on the same connection: each answer's status line.
   */
  async function uploadThenCall(authorization: string): Promise<string[]> {
    const json = JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] });
    const answer = await exchange(
      wire(silverPath, { authorization, expect: '100-continue' }, json) +
        wire(
          '/mobile/alice/call',
          { ...AS_ADMIN, connection: 'close' },
          '{"call_duration":1000}',
        ),
    );
    // A body ends without a line break: the next status line follows it on the same line.
    return answer.match(/HTTP\/1\.1 \d+ /g) ?? [];
  }

  it('runs nothing pipelined behind an upload answered without 100 Continue', async () => {
    const statuses = await uploadThenCall(AS_CLIENT.authorization);

    // Node closes a connection answered without 100 Continue: the call, whose answer could not
    // be sent, must not have been run either (its client would send it again).
    expect(statuses).toEqual(['HTTP/1.1 403 ']);
    expect(await t.callCount()).toBe(0);
  });

  it('runs a call pipelined behind an upload that was asked for its body', async () => {
    const statuses = await uploadThenCall(AS_ADMIN.authorization);

    expect(statuses).toEqual([
      'HTTP/1.1 100 ',
      'HTTP/1.1 201 ',
      'HTTP/1.1 201 ',
    ]);
    expect(await t.callCount()).toBe(1);
  });
});
