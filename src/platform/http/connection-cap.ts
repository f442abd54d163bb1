import type { Server, Socket } from 'node:net';

/**
 * Closes a new connection at once when its client address already holds `max` open ones (0: no
 * cap). Slow clients are ended by the request timeouts, but until then each holds a file
 * descriptor: without a cap, one address opening thousands of slow connections runs the process
 * out of descriptors and nobody else is served. Behind a proxy every client shares its address:
 * set the cap to 0 there and let the proxy limit connections.
 */
export function capConnectionsPerClient(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
