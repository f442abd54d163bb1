import type { ValidationError } from 'class-validator';
import {
  problem,
  ProblemException,
  type FieldError,
} from '../errors/problem.js';
import { shownName } from './field-names.js';

/**
 * The most faults one answer names: however many a body has, the answer stays a few KB (a body
 * of 100,000 unknown fields once got a 9 MB answer, built for seconds).
 */
export const MAX_LISTED_ERRORS = 10;

/** class-validator's key for a field the DTO does not declare. */
const WHITELIST = 'whitelistValidation';

/** Flattens class-validator's tree into one entry per bad field, with its path as the client wrote it. */
export function fieldErrors(
  errors: readonly ValidationError[],
  parent = '',
): FieldError[] {
  return errors.flatMap((error) => {
    const field = fieldPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(
      ([constraint, message]) => ({
        field,
        // Its own message would repeat the client's key in full, however long.
        message:
          constraint === WHITELIST
            ? `property ${shownName(error.property)} should not exist`
            : message,
      }),
    );
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** `calls` + `3` → `calls[3]`; `calls[3]` + `user_name` → `calls[3].user_name`. */
function fieldPath(parent: string, property: string): string {
  if (property === '') return parent === '' ? 'body' : parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  const name = shownName(property);
  return parent === '' ? name : `${parent}.${name}`;
}

/** One line for the detail; an item of a list is named by its index, so the client can find it. */
export function describeFieldError({ field, message }: FieldError): string {
  return field.includes('[') ? `${field}: ${message}` : message;
}

/**
 * A 400 that names the first {@link MAX_LISTED_ERRORS} faults and says how many more there
 * were. `faults` counts them all, when more were found than `errors` holds.
 */
export class InvalidFieldsException extends ProblemException {
  /** The faults named, each once (IsInt, Min and Max share one message). */
  readonly fieldErrors: readonly FieldError[];

  constructor(errors: readonly FieldError[], faults = errors.length) {
    const unique = [
      ...new Map(
        errors.map((e) => [`${e.field}\u0000${e.message}`, e]),
      ).values(),
    ];
    const listed = unique.slice(0, MAX_LISTED_ERRORS);
    const omitted = Math.max(
      0,
      faults - (errors.length - unique.length) - listed.length,
    );
    const detail =
      listed.length === 0
        ? 'The request is not valid'
        : listed.map(describeFieldError).join('; ') +
          (omitted > 0 ? `; and ${omitted} more` : '');
    super(problem(400, detail, listed, omitted));
    this.fieldErrors = unique;
  }
}

/** The `ValidationPipe`'s exception factory: a 400 problem that names the bad fields. */
export function validationProblem(
  errors: ValidationError[],
): InvalidFieldsException {
  return new InvalidFieldsException(fieldErrors(errors));
}
