export interface ReconnectPolicy {
  /** Wait after the first failed attempt. */
  readonly firstDelayMs: number;
  /** The longest wait between attempts, however long the database has been away. */
  readonly maxDelayMs: number;
}

/** Doubling from half a second, capped at 5 s: the service connects within 5 s of the database's return. */
export const RECONNECT_POLICY: ReconnectPolicy = {
  firstDelayMs: 500,
  maxDelayMs: 5_000,
};

/** Milliseconds to wait after `failures` failed attempts in a row (capped exponential backoff). */
export function reconnectDelay(
  failures: number,
  policy: ReconnectPolicy = RECONNECT_POLICY,
): number {
  const doublings = Math.max(0, failures - 1);
  return Math.min(policy.firstDelayMs * 2 ** doublings, policy.maxDelayMs);
}
