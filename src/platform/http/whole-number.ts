import { BACKSLASH, QUOTE } from './json-limits.js';

/** A JSON number literal, split into what decides its exact value. */
const NUMBER_LITERAL = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Whether the JSON number literal `text` is exactly a whole number, as written: `3e3` and
 * `3000.0` are, `1.0000000000000001` and `1e-400` are not, although `JSON.parse` rounds both to a
 * whole double (1 and 0). A text that is no number literal is left for the parser to refuse.
 */
export function isWholeNumberLiteral(text: string): boolean {
  const match = NUMBER_LITERAL.exec(text);
  if (match === null) return true;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return true;
  const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
  // Its value is digits × 10^(exponent − fraction digits): whole when the zeros at the end of
  // the digits cover the places the exponent leaves after the point.
  return trailingZeros >= fraction.length - Number(exponent);
}

const MINUS = 0x2d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Whether a character may continue a number literal (digits, `.`, `e`, `E`, `+`, `-`). */
function continuesNumber(c: number): boolean {
  return (
    isDigit(c) ||
    c === 0x2e ||
    c === 0x65 ||
    c === 0x45 ||
    c === 0x2b ||
    c === MINUS
  );
}

/** A fraction a double keeps, written in place of one it would round away. */
const KEPT_FRACTION = '0.5';

/**
 * The JSON text with every number literal that is not whole (by {@link isWholeNumberLiteral})
 * written as `0.5`, so that `JSON.parse` cannot round it into a whole number: the validation then
 * refuses it as the fraction it is, named by its field, and a duplicate key still takes the last
 * value, as the parser takes it. The text itself when it holds no such literal.
 */
export function keepingFractions(text: string): string {
  let kept = '';
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === MINUS || isDigit(c)) {
      const start = i;
      let plain = true;
      while (i + 1 < text.length && continuesNumber(text.charCodeAt(i + 1))) {
        i++;
        const d = text.charCodeAt(i);
        if (d !== MINUS && !isDigit(d)) plain = false;
      }
      if (!plain && !isWholeNumberLiteral(text.slice(start, i + 1))) {
        kept += text.slice(copiedTo, start) + KEPT_FRACTION;
        copiedTo = i + 1;
      }
    }
  }
  return copiedTo === 0 ? text : kept + text.slice(copiedTo);
}
