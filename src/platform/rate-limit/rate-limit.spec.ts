import type { FastifyRequest } from 'fastify';
import { ApiKeys } from '../auth/api-keys.js';
import { toProblem } from '../errors/to-problem.js';
import { clientKey, rateLimitOptions, tooManyRequests } from './rate-limit.js';

const KEY = 'rate-limit-key-0123456789';

function request(
  ip: string,
  authorization?: string,
  url = '/mobile/:user_name/call',
): FastifyRequest {
  return {
    ip,
    headers: { authorization },
    routeOptions: { url },
  } as unknown as FastifyRequest;
}

describe('clientKey', () => {
  const keys = new ApiKeys(['other-key-0123456789', KEY]);

  it('counts a request with a valid key by the key, wherever it comes from', () => {
    expect(clientKey(keys, request('10.0.0.1', `Bearer ${KEY}`))).toBe('key 1');
    expect(clientKey(keys, request('10.0.0.2', `Bearer ${KEY}`))).toBe('key 1');
  });

  it('counts a request without a valid key by its address', () => {
    expect(clientKey(keys, request('10.0.0.1'))).toBe('address 10.0.0.1');
    expect(
      clientKey(keys, request('10.0.0.1', 'Bearer guessed-key-000000')),
    ).toBe('address 10.0.0.1');
  });

  it('never puts the key itself in the limiter', () => {
    expect(clientKey(keys, request('10.0.0.1', `Bearer ${KEY}`))).not.toContain(
      KEY,
    );
  });
});

describe('tooManyRequests', () => {
  it('is a 429 problem with Retry-After in whole seconds', () => {
    expect(toProblem(tooManyRequests({ max: 100, ttl: 41_200 }))).toEqual({
      problem: {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail:
          'Too many requests: at most 100 a minute per client; retry in 42 s',
      },
      headers: { 'retry-after': '42' },
    });
  });

  it('never says to retry in 0 seconds', () => {
    expect(toProblem(tooManyRequests({ max: 1, ttl: 0 })).headers).toEqual({
      'retry-after': '1',
    });
  });
});

describe('rateLimitOptions', () => {
  const options = rateLimitOptions(120, new ApiKeys([]));

  it('allows the configured number of requests a minute', () => {
    expect(options).toMatchObject({ max: 120, timeWindow: 60_000 });
  });

  it.each([
    ['/mobile/:user_name/call', false],
    ['/calls/batch', false],
    ['/health', true],
    ['/metrics', true],
  ])('limits %s unless allow-listed (%p)', (url, allowed) => {
    const allowList = options.allowList as (
      request: FastifyRequest,
      key: string,
    ) => boolean;

    expect(allowList(request('10.0.0.1', undefined, url), 'x')).toBe(allowed);
  });
});
