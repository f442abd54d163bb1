import rateLimit, {
  type errorResponseBuilderContext,
  type RateLimitPluginOptions,
} from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { isApiRoute } from '../http/api-routes.js';
import { ApiKeys } from '../auth/api-keys.js';
import { AppConfigService } from '../config/app-config.service.js';
import { problem, ProblemException } from '../errors/problem.js';

const MINUTE_MS = 60_000;

/** The client a request counts against: its API key when it carries a valid one, else its address. */
export function clientKey(keys: ApiKeys, request: FastifyRequest): string {
  const key = keys.identify(request.headers.authorization);
  return key === undefined ? `address ${request.ip}` : `key ${key}`;
}

/** The 429 problem, with `Retry-After` in whole seconds (the limiter adds its own, too). */
export function tooManyRequests(
  context: Pick<errorResponseBuilderContext, 'max' | 'ttl'>,
): ProblemException {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return new ProblemException(
    problem(
      429,
      `Too many requests: at most ${context.max} a minute per client; retry in ${seconds} s`,
    ),
    { 'retry-after': String(seconds) },
  );
}

/**
 * The options of @fastify/rate-limit: `perMinute` requests per client in a fixed one-minute
 * window, on the API's routes only (health and metrics are polled by machines and stay open).
 * A client with a valid key is counted by key, so clients behind one address do not share a
 * budget; a request without one (or with a wrong one) by address, so guessing keys is limited too.
 */
export function rateLimitOptions(
  perMinute: number,
  keys: ApiKeys,
): RateLimitPluginOptions {
  return {
    max: perMinute,
    timeWindow: MINUTE_MS,
    allowList: (request) => !isApiRoute(request.routeOptions.url),
    keyGenerator: (request) => clientKey(keys, request),
    errorResponseBuilder: (_request, context) => tooManyRequests(context),
  };
}

/** Registers the per-client rate limit (`RATE_LIMIT_PER_MINUTE`; 0 turns it off) before any route. */
export async function registerRateLimit(
  app: NestFastifyApplication,
): Promise<void> {
  const { perMinute } = app.get(AppConfigService).get('rateLimit');
  if (perMinute === 0) return;
  await app.register(rateLimit, rateLimitOptions(perMinute, app.get(ApiKeys)));
}
