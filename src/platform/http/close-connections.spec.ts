import Fastify from 'fastify';
import { request, Agent } from 'node:http';
import { closeConnectionsOnClose } from './close-connections.js';

describe('closeConnectionsOnClose', () => {
  it('ends the connection of a request still in flight when the server closes', async () => {
    const fastify = Fastify();
    closeConnectionsOnClose(fastify);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    fastify.get('/slow', async () => {
      arrived();
      await released;
      return { ok: true };
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as { port: number };
    const agent = new Agent({ keepAlive: true });

    const response = new Promise<{ status?: number; connection?: string }>(
      (resolve, reject) => {
        request({ port, host: '127.0.0.1', path: '/slow', agent }, (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              connection: res.headers.connection,
            }),
          );
        })
          .on('error', reject)
          .end();
      },
    );
    await inFlight;
    const closing = fastify.close();
    while (fastify.server.listening) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    release();

    await expect(response).resolves.toEqual({
      status: 200,
      connection: 'close',
    });
    await expect(closing).resolves.toBeUndefined();
    agent.destroy();
  });

  it('leaves connections alone while the server runs', async () => {
    const fastify = Fastify();
    closeConnectionsOnClose(fastify);
    fastify.get('/', () => ({ ok: true }));

    const response = await fastify.inject({ method: 'GET', url: '/' });

    expect(response.headers.connection).not.toBe('close');
    await fastify.close();
  });
});
