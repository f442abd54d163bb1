import { Type, plainToInstance } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { ProblemException } from '../errors/problem.js';
import {
  fieldErrors,
  InvalidFieldsException,
  MAX_LISTED_ERRORS,
  validationProblem,
} from './validation-problem.js';

const DURATION_RULE = 'call_duration must be an integer between 0 and 9';
const NAME_RULE = 'user_name must be letters';

class ItemDto {
  @Matches(/^[a-z]+$/, { message: NAME_RULE })
  readonly user_name!: string;

  @IsInt({ message: DURATION_RULE })
  @Min(0, { message: DURATION_RULE })
  @Max(9, { message: DURATION_RULE })
  readonly call_duration!: number;

  @IsOptional()
  @IsInt({ each: true, message: 'tags must be integers' })
  readonly tags?: number[];
}

class BatchDto {
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  readonly calls!: ItemDto[];
}

/** class-validator's own error tree for `plain`, as the ValidationPipe would receive it. */
function validationErrors(plain: unknown): ValidationError[] {
  return validateSync(plainToInstance(BatchDto, plain), {
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
}

function error(
  property: string,
  constraints?: Record<string, string>,
  children?: ValidationError[],
): ValidationError {
  return { property, constraints, children };
}

describe('fieldErrors', () => {
  it('names a top-level field by its property', () => {
    expect(
      fieldErrors([error('call_duration', { isInt: DURATION_RULE })]),
    ).toEqual([{ field: 'call_duration', message: DURATION_RULE }]);
  });

  it('names the body itself when the property is empty', () => {
    expect(fieldErrors([error('', { isObject: 'must be an object' })])).toEqual(
      [{ field: 'body', message: 'must be an object' }],
    );
  });

  it('writes array indexes and nested fields as the client wrote them', () => {
    expect(
      fieldErrors([
        error('calls', undefined, [
          error('3', undefined, [
            error('user_name', { matches: NAME_RULE }),
            error('tags', undefined, [error('0', { isInt: 'not an int' })]),
          ]),
          error('12', { isObject: 'must be an object' }),
        ]),
      ]),
    ).toEqual([
      { field: 'calls[3].user_name', message: NAME_RULE },
      { field: 'calls[3].tags[0]', message: 'not an int' },
      { field: 'calls[12]', message: 'must be an object' },
    ]);
  });

  it('gives one entry per broken rule', () => {
    expect(
      fieldErrors([error('period', { matches: 'a', isString: 'b' })]),
    ).toEqual([
      { field: 'period', message: 'a' },
      { field: 'period', message: 'b' },
    ]);
  });

  it("names the paths of class-validator's own nested errors", () => {
    const errors = validationErrors({
      calls: [
        { user_name: 'ok', call_duration: 1 },
        { user_name: 'ok', call_duration: 2 },
        { user_name: 'ok', call_duration: 3 },
        { user_name: 'Bad Name', call_duration: 4 },
        { user_name: 'ok', call_duration: 1.5 },
      ],
    });

    expect(fieldErrors(errors)).toEqual(
      expect.arrayContaining([
        { field: 'calls[3].user_name', message: NAME_RULE },
        { field: 'calls[4].call_duration', message: DURATION_RULE },
      ]),
    );
    expect(
      fieldErrors(errors).every(({ field }) => /^calls\[[34]\]\./.test(field)),
    ).toBe(true);
  });
});

describe('validationProblem', () => {
  it('is a 400 problem naming every bad field, with their messages as detail', () => {
    const exception = validationProblem([
      error('user_name', { matches: NAME_RULE }),
      error('call_duration', { isInt: DURATION_RULE }),
    ]);

    expect(exception).toBeInstanceOf(ProblemException);
    expect(exception.getStatus()).toBe(400);
    expect(exception.problem).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: `${NAME_RULE}; ${DURATION_RULE}`,
      errors: [
        { field: 'user_name', message: NAME_RULE },
        { field: 'call_duration', message: DURATION_RULE },
      ],
    });
  });

  it('names a field once when several rules share a message', () => {
    const { problem } = validationProblem([
      error('call_duration', {
        isInt: DURATION_RULE,
        min: DURATION_RULE,
        max: DURATION_RULE,
      }),
    ]);

    expect(problem.errors).toEqual([
      { field: 'call_duration', message: DURATION_RULE },
    ]);
    expect(problem.detail).toBe(DURATION_RULE);
  });

  it('de-duplicates real class-validator errors in nested items', () => {
    // -1.5 breaks IsInt and Min, which share one message.
    const { problem } = validationProblem(
      validationErrors({ calls: [{ user_name: 'ok', call_duration: -1.5 }] }),
    );

    expect(problem.errors).toEqual([
      { field: 'calls[0].call_duration', message: DURATION_RULE },
    ]);
  });

  it('keeps one message on two fields, and two messages on one field', () => {
    const { problem } = validationProblem([
      error('calls', undefined, [
        error('0', undefined, [error('user_name', { matches: NAME_RULE })]),
        error('1', undefined, [error('user_name', { matches: NAME_RULE })]),
      ]),
      error('period', { matches: 'a', isString: 'b' }),
    ]);

    expect(problem.errors).toEqual([
      { field: 'calls[0].user_name', message: NAME_RULE },
      { field: 'calls[1].user_name', message: NAME_RULE },
      { field: 'period', message: 'a' },
      { field: 'period', message: 'b' },
    ]);
  });

  it('falls back to a general detail, without an errors list, when nothing is named', () => {
    const { problem } = validationProblem([]);

    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid',
    });
  });
});

describe('InvalidFieldsException', () => {
  const many = Array.from({ length: 25 }, (_, i) => ({
    field: `k${i}`,
    message: `property k${i} should not exist`,
  }));

  it(`names at most ${MAX_LISTED_ERRORS} faults and says how many more there were`, () => {
    const { problem } = new InvalidFieldsException(many, 100_000);

    expect(problem.errors).toEqual(many.slice(0, MAX_LISTED_ERRORS));
    expect(problem.errors_omitted).toBe(100_000 - MAX_LISTED_ERRORS);
    expect(problem.detail).toMatch(/; and 99990 more$/);
  });

  it('counts the faults it was given when no total is said', () => {
    const { problem } = new InvalidFieldsException(many);

    expect(problem.errors_omitted).toBe(25 - MAX_LISTED_ERRORS);
  });

  it('shows a long unknown key by its first characters only', () => {
    const key = 'k'.repeat(10_000);
    const exception = validationProblem([
      error(key, { whitelistValidation: `property ${key} should not exist` }),
    ]);

    expect(JSON.stringify(exception.problem).length).toBeLessThan(400);
  });
});
