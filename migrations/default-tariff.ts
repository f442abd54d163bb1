import { parseDecimal } from '../src/rating/domain/decimal.js';

/** The `default` plan's first version, from the block settings the service billed with before. */
export interface DefaultTariff {
  readonly blockSeconds: number;
  readonly priceMicros: bigint;
  readonly amountDecimals: number;
}

/**
 * Reads BILLING_BLOCK_SECONDS and BILLING_PRICE_PER_BLOCK as the service validates them, so
 * that a migration run with the service's environment rates stored calls exactly as they were
 * billed. A value the service would refuse stops the migration rather than guess.
 */
export function defaultTariffFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): DefaultTariff {
  const seconds = env.BILLING_BLOCK_SECONDS?.trim() || '30';
  const price = env.BILLING_PRICE_PER_BLOCK?.trim() || '0.05';
  const blockSeconds = Number(seconds);
  const parsed = parseDecimal(price);
  if (
    !/^\d+$/.test(seconds) ||
    blockSeconds < 1 ||
    blockSeconds > 86_400 ||
    parsed === undefined
  ) {
    throw new Error(
      `BILLING_BLOCK_SECONDS (1–86400) and BILLING_PRICE_PER_BLOCK (a decimal) are needed to rate stored calls (got "${seconds}", "${price}")`,
    );
  }
  return {
    blockSeconds,
    priceMicros: parsed.micros,
    amountDecimals: parsed.decimals,
  };
}
