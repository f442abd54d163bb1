// How the bench writes: progress lines on stderr (stdout carries only the report), and the
// numbers and padding of the table.

/** A progress line. */
export function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** `value` with thousands separators and `digits` decimals; '-' when there is none. */
export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export const left = (text: string, width: number): string => text.padEnd(width);

export const right = (text: string, width: number): string =>
  text.padStart(width);
