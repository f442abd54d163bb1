import type { FieldError } from '../errors/problem.js';
import { shownName } from '../validation/field-names.js';

/**
 * Bounds on a JSON body's shape, far past anything this API takes (its largest array is a batch
 * of 1,000 calls, its largest object has 3 fields; the DTOs say the exact limits): a body past
 * them is refused from its text, before `JSON.parse` builds it. Parsing an object of 100,000
 * keys alone held the event loop for about 100 ms, and reading its keys as long again.
 */
export const JSON_LIMITS = { depth: 32, fields: 64, items: 10_000 } as const;

/** The character codes of JSON's structure, for scanners of JSON text. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;

/**
 * Per open level: whether it is an object, its commas so far, and its current key's bounds. The
 * scan is synchronous, so one set serves every call: each level is reset as it opens, and
 * arrays made anew for every body were most of the scan's cost on a small one.
 */
const LEVELS = JSON_LIMITS.depth + 2;
const isObject = new Uint8Array(LEVELS);
const commas = new Int32Array(LEVELS);
const keyStart = new Int32Array(LEVELS);
const keyEnd = new Int32Array(LEVELS);

/**
 * The first way `text` breaks {@link JSON_LIMITS}, named by the path where it does, or undefined.
 * One pass over the characters, with no allocation but for the answer; a text that is not JSON
 * at all is left for `JSON.parse` to refuse.
 */
export function jsonLimitFault(text: string): FieldError | undefined {
  let depth = 0;
  let stringStart = 0;
  let stringEnd = 0;

  const path = (): string => {
    let result = '';
    for (let d = 1; d < depth; d++) {
      result += isObject[d]
        ? `${d === 1 ? '' : '.'}${shownName(text.slice(keyStart[d], keyEnd[d]))}`
        : `[${commas[d]}]`;
    }
    return result === '' ? 'body' : result;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      stringStart = i + 1;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
      stringEnd = i;
    } else if (c === COLON && depth > 0) {
      keyStart[depth] = stringStart;
      keyEnd[depth] = stringEnd;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > JSON_LIMITS.depth) {
        return {
          field: path(),
          message: `nested more than ${JSON_LIMITS.depth} levels deep`,
        };
      }
      isObject[depth] = c === OPEN_OBJECT ? 1 : 0;
      commas[depth] = 0;
      keyStart[depth] = 0;
      keyEnd[depth] = 0;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth = Math.max(0, depth - 1);
    } else if (c === COMMA && depth > 0) {
      commas[depth]++;
      const limit = isObject[depth] ? JSON_LIMITS.fields : JSON_LIMITS.items;
      if (commas[depth] >= limit) {
        return {
          field: path(),
          message: isObject[depth]
            ? `an object of more than ${limit} fields`
            : `an array of more than ${limit} items`,
        };
      }
    }
  }
  return undefined;
}
