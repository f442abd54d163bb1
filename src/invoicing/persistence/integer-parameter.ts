/**
 * A bigint as a bound value that both drivers compare and store exactly: a number while it is a
 * safe integer (mysql2 would quote a string, and MySQL then compares as floating point).
 */
export function integer(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}
