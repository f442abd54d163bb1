import { hash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer +(\S+) *$/i;

/** One-shot: no `Hash` object to build and throw away on every request. */
function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/**
 * The configured API keys, and the one check of an `Authorization` header against them.
 *
 * Keys are compared as SHA-256 digests with `timingSafeEqual`: every comparison takes the same
 * time whatever the length or content of the candidate, and every key is compared (no early
 * return), so the response time tells nothing about how close a guess came or which key matched.
 */
export class ApiKeys {
  /** Admin keys first: a key given in both settings is found as an admin key. */
  private readonly digests: readonly Buffer[];
  private readonly adminCount: number;

  constructor(keys: readonly string[], adminKeys: readonly string[] = []) {
    this.digests = [...adminKeys, ...keys].map(digest);
    this.adminCount = adminKeys.length;
  }

  /** No keys configured: the API is open. */
  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /**
   * The position of the key that `authorization` (`Bearer <key>`) carries, or `undefined` when it
   * carries none or an unknown one. The position, not the key, names the client elsewhere (the
   * rate limiter), so the secret is never kept or logged.
   */
  identify(authorization: string | undefined): number | undefined {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    const candidate = digest(token);
    let found: number | undefined;
    this.digests.forEach((known, index) => {
      if (timingSafeEqual(known, candidate) && found === undefined)
        found = index;
    });
    return found;
  }

  /** Whether the key at `position` (as {@link identify} gives it) has the admin role. */
  isAdmin(position: number): boolean {
    return position < this.adminCount;
  }
}
