import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { plainlyValid } from './plainly-valid.js';
import { problem, ProblemException } from '../errors/problem.js';
import { reservedKeyErrors } from './reserved-keys.js';
import { describeFieldError, validationProblem } from './validation-problem.js';

/**
 * The house validation: unknown fields rejected, no implicit conversion (`"545000"` is not an
 * integer), every bad field named. A body must be a JSON object: `null`, an array or a bare
 * number is refused as such rather than reported field by field. Keys that class-transformer
 * would drop unseen (`constructor`) are refused like any unknown field. A DTO may recognise its
 * plainly valid values itself (`plainly-valid.ts`).
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
    const reserved = reservedKeyErrors(value);
    if (reserved.length === 0) return super.transform(value, metadata);
    // Report them together with whatever else is wrong, as one problem.
    const others = await super.transform(value, metadata).then(
      () => [],
      (error: unknown) => {
        if (error instanceof ProblemException)
          return error.problem.errors ?? [];
        throw error;
      },
    );
    const errors = [...others, ...reserved];
    throw new ProblemException(
      problem(400, errors.map(describeFieldError).join('; '), errors),
    );
  }
}
