/**
 * A DTO class may recognise the values it accepts as they are: the common, plainly valid
 * request, checked in a microsecond instead of class-transformer's and class-validator's full
 * pass (a few percent of each request under load, docs/performance.md). It answers undefined for
 * anything else, which the validator then checks, naming every fault. Both use the same rules
 * (`call-record.rules.ts`, `period.ts`); the validator stays the authority on what is wrong.
 */
export interface AcceptsPlainlyValid {
  accept(value: unknown): object | undefined;
}

/**
 * The DTO for `value` if its class (itself, not a parent: a subclass may add fields) recognises
 * it as plainly valid.
 */
export function plainlyValid(
  metatype: unknown,
  value: unknown,
): object | undefined {
  if (typeof metatype !== 'function' || !Object.hasOwn(metatype, 'accept')) {
    return undefined;
  }
  return (metatype as unknown as AcceptsPlainlyValid).accept(value);
}

/** A non-array object whose own keys are `required`, all of them, and any of `optional`. */
export function hasExactKeys(
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  let found = 0;
  for (const key of keys) {
    if (required.includes(key)) found++;
    else if (!optional.includes(key)) return false;
  }
  return found === required.length;
}
