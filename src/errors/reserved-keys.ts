import type { FieldError } from './problem.js';

/**
 * Keys that class-transformer drops silently while building a DTO, so that the whitelist never
 * sees them: `{"call_duration": 1, "constructor": {}}` would pass as if the field were not there.
 */
const RESERVED = ['constructor', 'prototype', '__proto__'];

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
    const own = RESERVED.includes(key)
      ? [{ field, message: `property ${key} should not exist` }]
      : [];
    return [
      ...own,
      ...reservedKeyErrors((value as Record<string, unknown>)[key], field),
    ];
  });
}
