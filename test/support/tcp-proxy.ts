import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to the test database that a test can cut and restore, to play a database that goes
 * away and comes back without touching the shared server. Closing it refuses new connections and
 * drops every open one, as a stopped server would.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private stalled = false;
  /** Writes held back while stalled, in order. */
  private readonly held: (() => void)[] = [];

  private constructor(
    private readonly target: { readonly host: string; readonly port: number },
    private listenPort: number,
  ) {}

  /** A proxy on a free local port, open or (for a database down from the start) closed. */
  static async start(
    target: { host: string; port: number },
    { open = true }: { open?: boolean } = {},
  ): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, 0);
    await proxy.open();
    if (!open) await proxy.close();
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  /** Accepts connections again, on the same port. */
  async open(): Promise<void> {
    if (this.server !== undefined) return;
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: this.listenPort, host: '127.0.0.1' }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listenPort = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and drops the open ones. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server !== undefined) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /**
   * Keeps every connection open but passes no byte either way, new connections included, as a
   * database that hangs (`kill -STOP`, a frozen disk) would.
   */
  stall(): void {
    this.stalled = true;
  }

  /** Passes the bytes held back by {@link stall} and goes on forwarding. */
  resume(): void {
    this.stalled = false;
    for (const flush of this.held.splice(0)) flush();
  }

  private forward(client: Socket): void {
    const upstream = connect(this.target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => this.sockets.delete(socket));
    }
    const relay = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (this.stalled) this.held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
  }
}
