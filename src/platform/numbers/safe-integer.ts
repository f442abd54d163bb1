const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** A JSON number holds integers exactly up to 2^53 - 1; the API never rounds a count. */
export function safeInteger(exact: bigint): number {
  if (exact > MAX || exact < MIN) {
    throw new RangeError(`${exact} exceeds the exactly representable range`);
  }
  return Number(exact);
}
