import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

type Class = abstract new (...args: never[]) => unknown;

/** What a DTO's decorators allow, read once per class: enough to refuse a body before validating it. */
export interface DtoShape {
  readonly fields: ReadonlyMap<string, FieldShape>;
}

export interface FieldShape {
  /** `@ArrayMaxSize`: an array with more items is refused without looking at them. */
  readonly maxItems?: number;
  /** `@ValidateNested` with `@Type(() => Item)`: the shape of the value, or of each item. */
  readonly nested?: DtoShape;
  /**
   * For a field declared a string, number or boolean: its rule, which an object or an array
   * breaks at once (without class-transformer copying it, however large, to find out).
   */
  readonly scalarRule?: string;
}

const SCALARS = new Set<unknown>([String, Number, Boolean]);

/** The first message the field's validators give, or a plain one. */
function ruleOf(messages: unknown[], property: string): string {
  const message = messages.find(
    (candidate): candidate is string => typeof candidate === 'string',
  );
  return (
    message ?? `${property} must be a single value, not an object or an array`
  );
}

const ARRAY_MAX_SIZE = 'arrayMaxSize';
const shapes = new WeakMap<Class, DtoShape | undefined>();

/** The shape that `metatype`'s validation decorators describe; undefined for a class without any. */
export function dtoShape(metatype: unknown): DtoShape | undefined {
  if (typeof metatype !== 'function') return undefined;
  const type = metatype as Class;
  if (shapes.has(type)) return shapes.get(type);
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    type,
    '',
    true,
    false,
  );
  if (metadata.length === 0) {
    shapes.set(type, undefined);
    return undefined;
  }
  const fields = new Map<
    string,
    { maxItems?: number; nested?: DtoShape; scalarRule?: string }
  >();
  // Cached before its fields are read, so that a DTO nesting itself ends the recursion.
  shapes.set(type, { fields });
  for (const { propertyName, type: kind, name, constraints } of metadata) {
    let field = fields.get(propertyName);
    if (field === undefined) {
      field = {};
      fields.set(propertyName, field);
      const declared: unknown = Reflect.getMetadata(
        'design:type',
        type.prototype as object,
        propertyName,
      );
      if (SCALARS.has(declared)) {
        field.scalarRule = ruleOf(
          metadata
            .filter((m) => m.propertyName === propertyName)
            .map((m) => m.message),
          propertyName,
        );
      }
    }
    if (name === ARRAY_MAX_SIZE && typeof constraints[0] === 'number') {
      field.maxItems = constraints[0];
    }
    if (kind === ValidationTypes.NESTED_VALIDATION) {
      field.nested = dtoShape(
        defaultMetadataStorage
          .findTypeMetadata(type, propertyName)
          ?.typeFunction(),
      );
    }
  }
  return shapes.get(type);
}
