import type { Server, ServerOptions } from 'node:http';
import type { HttpConfig } from '../config/app-config.js';

/**
 * How often Node looks for requests over their time limit (its default is every 30 s): a limit
 * is then kept to within a second.
 */
export const TIME_LIMIT_CHECKS: Pick<
  ServerOptions,
  'connectionsCheckingInterval'
> = { connectionsCheckingInterval: 1_000 };

/**
 * Ends a request whose headers have not all arrived within `headersTimeoutMs`, or that is not
 * whole within `requestTimeoutMs`, with a 408 (`client-errors.ts` writes it) and a closed
 * connection. Fastify's default is no limit at all: a client sending a byte every few seconds
 * held its connection, and a file descriptor, for ever. Node reads both on each check, so they
 * are set once the configuration is known, after the server was made.
 */
export function applyRequestTimeouts(server: Server, config: HttpConfig): void {
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
}
