import type { FieldError } from '../errors/problem.js';

/**
 * Keys that class-transformer drops silently while building a DTO, so that the whitelist never
 * sees them: `{"call_duration": 1, "constructor": {}}` (or `toString`, `valueOf`…) would pass as
 * if the field were not there. Every name an object inherits is such a key.
 */
const RESERVED = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/** Every reserved key anywhere in a parsed JSON value, named by its path (`calls[2].constructor`). */
export function reservedKeyErrors(value: unknown, path = ''): FieldError[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) =>
      reservedKeyErrors(item, `${path}[${index}]`),
    );
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = path === '' ? key : `${path}.${key}`;
    const own = RESERVED.has(key)
      ? [{ field, message: `property ${key} should not exist` }]
      : [];
    return [
      ...own,
      ...reservedKeyErrors((value as Record<string, unknown>)[key], field),
    ];
  });
}
