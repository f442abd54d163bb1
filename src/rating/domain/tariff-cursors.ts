/**
 * The `next_cursor` of the admin listings: the last plan name of a page of plans, the last
 * prefix of a page of rates, base64url-encoded with a tag so that one listing's cursor is not
 * taken by another.
 */
import { isPrefix } from './prefix-keys.js';
import { PLAN_PATTERN } from './tariff-rules.js';

function encode(tag: string, value: string): string {
  return Buffer.from(`${tag}:${value}`).toString('base64url');
}

function decode(
  tag: string,
  cursor: string,
  valid: (value: string) => boolean,
): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith(`${tag}:`)) return undefined;
  const value = text.slice(tag.length + 1);
  // Base64 decoding forgives stray characters; a cursor must be exactly what we encoded.
  return valid(value) && encode(tag, value) === cursor ? value : undefined;
}

export function encodePlanCursor(plan: string): string {
  return encode('plan', plan);
}

export function decodePlanCursor(cursor: string): string | undefined {
  return decode('plan', cursor, (plan) => PLAN_PATTERN.test(plan));
}

export function encodePrefixCursor(prefix: string): string {
  return encode('prefix', prefix);
}

export function decodePrefixCursor(cursor: string): string | undefined {
  return decode('prefix', cursor, isPrefix);
}
