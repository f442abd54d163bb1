import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { capConnectionsPerClient } from './connection-cap.js';

/** Opens a connection to `port` and answers whether the server closed it within 200 ms. */
async function closedByServer(
  port: number,
  sockets: Socket[],
): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  return Promise.race([
    once(socket, 'close').then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
  ]);
}

describe('capConnectionsPerClient', () => {
  it('closes the connections of an address beyond the cap, and takes new ones once some close', async () => {
    const server = createServer(() => undefined);
    capConnectionsPerClient(server, 3);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++)
        await expect(closedByServer(port, sockets)).resolves.toBe(false);
      await expect(closedByServer(port, sockets)).resolves.toBe(true);

      sockets[0]?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(closedByServer(port, sockets)).resolves.toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
