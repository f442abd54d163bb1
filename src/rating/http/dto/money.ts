import { formatMicros, quantumMicros } from '../../domain/decimal.js';

/**
 * Micros as a decimal string with at least `minDecimals` decimals and as many more as it takes
 * to be exact: a price of 50,000 micros is "0.05", a delta of -1,234,500 with 2 is "-1.2345".
 */
export function exactDecimal(micros: bigint, minDecimals = 0): string {
  let decimals = minDecimals;
  while (decimals < 6 && micros % quantumMicros(decimals) !== 0n) decimals++;
  return formatMicros(micros, decimals);
}
