import type { FieldError } from '../errors/problem.js';
import type { DtoShape } from './dto-shape.js';
import { shownName } from './field-names.js';

/** Deeper than any request of this API: a body nested further is refused before any recursion. */
export const MAX_DEPTH = 32;

/**
 * Keys that class-transformer drops silently while building a DTO, so that the whitelist never
 * sees them: `{"call_duration": 1, "constructor": {}}` (or `toString`, `valueOf`…) would pass as
 * if the field were not there. Every name an object inherits is such a key.
 */
const RESERVED = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

export interface BodyCheck {
  /** The first faults found, at most `listed` of them. */
  readonly errors: FieldError[];
  /** Every fault found, listed or not. */
  readonly faults: number;
  /**
   * The body is plainly over what the DTO allows (too deep, too many items, more fields than
   * it has): answering needs no validation, and validating could cost far more than the answer.
   */
  readonly overLimits: boolean;
  /**
   * Every reserved key in an object of a DTO, which the validator would not see. Other unknown
   * fields it names itself, so within the limits these are all it needs besides.
   */
  readonly reserved: FieldError[];
}

interface Node {
  readonly value: unknown;
  readonly shape: DtoShape | undefined;
  readonly depth: number;
  readonly parent: Node | undefined;
  /** The key or index under which `parent` holds this value. */
  readonly key: string | number | undefined;
}

/** `calls[3].user_name`, built only for the few nodes that are reported. */
function pathOf(node: Node): string {
  const parts: string[] = [];
  for (let at: Node | undefined = node; at?.parent; at = at.parent) {
    parts.push(
      typeof at.key === 'number'
        ? `[${at.key}]`
        : `.${shownName(String(at.key))}`,
    );
  }
  const path = parts.reverse().join('');
  return path.startsWith('.') ? path.slice(1) : path || 'body';
}

/**
 * Walks a parsed body once, without recursion (a 100,000-deep array is just a long loop), and
 * finds what class-transformer and class-validator must never be given: nesting deeper than
 * {@link MAX_DEPTH}, arrays over their `@ArrayMaxSize`, and fields a DTO does not declare
 * (reserved names included). Arrays over their limit are not entered; every fault is counted,
 * the first `listed` named.
 */
export function checkBody(
  body: unknown,
  shape: DtoShape | undefined,
  listed: number,
): BodyCheck {
  const errors: FieldError[] = [];
  const reserved: FieldError[] = [];
  let faults = 0;
  let overLimits = false;
  const fault = (node: Node, message: string) => {
    faults++;
    if (errors.length < listed) errors.push({ field: pathOf(node), message });
  };
  const stack: Node[] = [
    { value: body, shape, depth: 0, parent: undefined, key: undefined },
  ];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const { value, depth } = node;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) {
      fault(node, `nested more than ${MAX_DEPTH} levels deep`);
      return { errors, faults, overLimits: true, reserved };
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        const item: unknown = value[index];
        if (item !== null && typeof item === 'object') {
          stack.push({
            value: item,
            shape: node.shape,
            depth: depth + 1,
            parent: node,
            key: index,
          });
        }
      }
      continue;
    }
    const fields = node.shape?.fields;
    const keys = Object.keys(value);
    if (fields !== undefined && keys.length > fields.size) {
      // Refused whatever its values hold: they are counted, not walked.
      overLimits = true;
      for (const key of keys) {
        if (!fields.has(key))
          fault(
            { value: undefined, shape: undefined, depth, parent: node, key },
            `property ${shownName(key)} should not exist`,
          );
      }
      continue;
    }
    const children: Node[] = [];
    for (const key of keys) {
      const child = (value as Record<string, unknown>)[key];
      const field = fields?.get(key);
      const next: Node = {
        value: child,
        shape: field?.nested,
        depth: depth + 1,
        parent: node,
        key,
      };
      if (fields !== undefined && (field === undefined || RESERVED.has(key))) {
        const message = `property ${shownName(key)} should not exist`;
        fault(next, message);
        if (RESERVED.has(key)) reserved.push({ field: pathOf(next), message });
      }
      const container = child !== null && typeof child === 'object';
      if (field?.scalarRule !== undefined && container) {
        overLimits = true;
        fault(next, field.scalarRule);
      } else if (
        field?.maxItems !== undefined &&
        Array.isArray(child) &&
        child.length > field.maxItems
      ) {
        overLimits = true;
        fault(
          next,
          `${pathOf(next)} must hold at most ${field.maxItems} items (got ${child.length})`,
        );
      } else if (container) {
        children.push(next);
      }
    }
    // Pushed last to first, so that faults are found in the order the client wrote them.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return { errors, faults, overLimits, reserved };
}
