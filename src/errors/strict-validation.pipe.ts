import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { problem, ProblemException } from './problem.js';
import { validationProblem } from './validation-problem.js';

/**
 * The house validation: unknown fields rejected, no implicit conversion (`"545000"` is not an
 * integer), every bad field named. A body must be a JSON object: `null`, an array or a bare
 * number is refused as such rather than reported field by field.
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
    if (
      metadata.type === 'body' &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      const message = 'The request body must be a JSON object';
      throw new ProblemException(
        problem(400, message, [{ field: 'body', message }]),
      );
    }
    return super.transform(value, metadata);
  }
}
