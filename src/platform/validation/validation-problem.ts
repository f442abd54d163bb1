import type { ValidationError } from 'class-validator';
import { problem, ProblemException, type FieldError } from '../errors/problem.js';

/** Flattens class-validator's tree into one entry per bad field, with its path as the client wrote it. */
export function fieldErrors(
  errors: readonly ValidationError[],
  parent = '',
): FieldError[] {
  return errors.flatMap((error) => {
    const field = fieldPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message,
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** `calls` + `3` → `calls[3]`; `calls[3]` + `user_name` → `calls[3].user_name`. */
function fieldPath(parent: string, property: string): string {
  if (property === '') return parent === '' ? 'body' : parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent === '' ? property : `${parent}.${property}`;
}

/** One line for the detail; an item of a list is named by its index, so the client can find it. */
export function describeFieldError({ field, message }: FieldError): string {
  return field.includes('[') ? `${field}: ${message}` : message;
}

/** The `ValidationPipe`'s exception factory: a 400 problem that names every bad field. */
export function validationProblem(errors: ValidationError[]): ProblemException {
  // IsInt, Min and Max share one message; a field that breaks all three is named once.
  const details = [
    ...new Map(
      fieldErrors(errors).map((e) => [`${e.field}\u0000${e.message}`, e]),
    ).values(),
  ];
  const detail =
    details.length > 0
      ? details.map(describeFieldError).join('; ')
      : 'The request is not valid';
  return new ProblemException(problem(400, detail, details));
}
