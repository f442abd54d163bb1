import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { problem, ProblemException } from '../errors/problem.js';
import { checkBody } from './body-check.js';
import { dtoShape } from './dto-shape.js';
import { plainlyValid } from './plainly-valid.js';
import {
  InvalidFieldsException,
  MAX_LISTED_ERRORS,
  validationProblem,
} from './validation-problem.js';

/**
 * The house validation: unknown fields rejected, no implicit conversion (`"545000"` is not an
 * integer), bad fields named. A body must be a JSON object: `null`, an array or a bare number is
 * refused as such rather than reported field by field. Before class-transformer and
 * class-validator see a value, one iterative pass (`body-check.ts`) refuses what is plainly over
 * the DTO's limits (nesting, item counts, field counts), so a request's cost stays in proportion
 * to what is allowed, and finds the keys that class-transformer would drop unseen
 * (`constructor`). A DTO may recognise its plainly valid values itself (`plainly-valid.ts`).
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationProblem,
      validationError: { target: false, value: false },
    });
  }

  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    const accepted = plainlyValid(metadata.metatype, value);
    if (accepted !== undefined) return accepted;
    if (
      metadata.type === 'body' &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      const message = 'The request body must be a JSON object';
      throw new ProblemException(
        problem(400, message, [{ field: 'body', message }]),
      );
    }
    const check = checkBody(
      value,
      dtoShape(metadata.metatype),
      MAX_LISTED_ERRORS,
    );
    if (check.overLimits) {
      throw new InvalidFieldsException(check.errors, check.faults);
    }
    if (check.reserved.length === 0) return super.transform(value, metadata);
    // Reported together with whatever else is wrong, as one problem.
    const others = await super.transform(value, metadata).then(
      () => [],
      (error: unknown) => {
        if (error instanceof InvalidFieldsException) return error.fieldErrors;
        throw error;
      },
    );
    throw new InvalidFieldsException([...others, ...check.reserved]);
  }
}
