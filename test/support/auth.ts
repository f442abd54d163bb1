/**
 * The API keys the suites configure (SPEC §5), and the headers that present them. Each key is
 * long enough for the service (16 characters at least) and says what it is in a log.
 */
import type { Headers } from './api.js';

/** A client's key, in API_KEYS. */
export const API_KEY = 'e2e-client-key-0123456789';
/** A second client's key, in API_KEYS beside {@link API_KEY}. */
export const OTHER_API_KEY = 'e2e-second-key-abcdefghij';
/** An administrator's key, in ADMIN_API_KEYS. */
export const ADMIN_KEY = 'e2e-admin-key-0123456789';

/** The `Authorization` header that presents `key`. */
export function bearer(key: string): Headers {
  return { authorization: `Bearer ${key}` };
}

export const AS_CLIENT = bearer(API_KEY);
export const AS_ADMIN = bearer(ADMIN_KEY);

/** The settings of an app with a client key and an admin key. */
export const KEYED_ENV = { API_KEYS: API_KEY, ADMIN_API_KEYS: ADMIN_KEY };
