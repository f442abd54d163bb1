/** The number in `INV-000123`. */
export function numberOf(invoice: { readonly number: string }): number {
  return Number(invoice.number.slice(4));
}

/** A port of 18300–18399 (this suite's range) that nobody listens on now. */
export async function freePortInRange(): Promise<number> {
  const { createServer } = await import('node:net');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  for (let offset = 0; offset < 100; offset++) {
    const port = 18300 + ((worker * 10 + offset) % 100);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host: '127.0.0.1' }, () =>
        server.close(() => resolve(true)),
      );
    });
    if (free) return port;
  }
  throw new Error('no free port in 18300–18399');
}
