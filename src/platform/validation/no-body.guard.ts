import {
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { problem, ProblemException } from '../errors/problem.js';
import { shownName } from './field-names.js';
import { InvalidFieldsException } from './validation-problem.js';

const RULE = 'The request takes no body: send none, or an empty JSON object';

/**
 * Refuses a body on a route that takes none, as every unknown field is refused elsewhere: no body
 * or `{}` passes, each field of an object is named, anything else is a 400 naming `body`.
 */
export function checkNoBody(body: unknown): void {
  if (body === undefined) return;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const fields = Object.keys(body);
    if (fields.length === 0) return;
    // InvalidFieldsException lists the first few and counts the rest.
    throw new InvalidFieldsException(
      fields.slice(0, 11).map((field) => ({
        field: shownName(field),
        message: `property ${shownName(field)} should not exist`,
      })),
      fields.length,
    );
  }
  throw new ProblemException(
    problem(400, RULE, [{ field: 'body', message: RULE }]),
  );
}

/** Refuses a body on the route ({@link checkNoBody}); after the auth guards, like validation. */
class NoBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    checkNoBody(context.switchToHttp().getRequest<{ body?: unknown }>().body);
    return true;
  }
}

/** Marks a route that takes no body: one sent is refused ({@link checkNoBody}). */
export const TakesNoBody = () => UseGuards(NoBodyGuard);
