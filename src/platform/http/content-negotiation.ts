import { NotAcceptableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** A media range of an `Accept` header, with its weight. */
interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

const RANGE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/;
const WEIGHT = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;

/**
 * Which of the `offered` media types (the first is the default) an `Accept` header asks for
 * (RFC 9110 §12.5.1), or undefined when it allows none of them. Each offered type takes the
 * weight of the most specific range that matches it (`application/pdf` over `application/*`
 * over `*\/*`); the heaviest wins, then the one named outright over one matched by a wildcard,
 * then the earlier offered. No header, or an empty one, takes the default; a range that cannot
 * be parsed is passed over.
 */
export function negotiate(
  accept: string | undefined,
  offered: readonly string[],
): string | undefined {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const ranges = parseAccept(accept);
  let chosen: { type: string; q: number; specificity: number } | undefined;
  for (const type of offered) {
    const match = bestMatch(type, ranges);
    if (match === undefined || match.q === 0) continue;
    if (
      chosen === undefined ||
      match.q > chosen.q ||
      (match.q === chosen.q && match.specificity > chosen.specificity)
    ) {
      chosen = { type, ...match };
    }
  }
  return chosen?.type;
}

/**
 * The type a request's `Accept` asks for among `offered` (the first the default), noted in
 * `Vary`; a `406` problem saying what `subject` ("An invoice is") is available as when it allows
 * none.
 */
export function chooseType<T extends string>(
  accept: string | undefined,
  offered: readonly T[],
  reply: FastifyReply,
  subject: string,
): T {
  reply.header('vary', 'Accept');
  const type = negotiate(accept, offered);
  if (type === undefined) {
    throw new NotAcceptableException(
      `${subject} available as ${offered.join(' or ')}`,
    );
  }
  return type as T;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [range = '', ...parameters] = part.split(';').map((p) => p.trim());
    const match = RANGE.exec(range);
    if (match === null) continue;
    let q = 1;
    for (const parameter of parameters) {
      if (!/^q=/i.test(parameter)) continue;
      q = WEIGHT.test(parameter) ? Number(parameter.slice(2)) : Number.NaN;
    }
    if (Number.isNaN(q)) continue;
    ranges.push({
      type: (match[1] ?? '').toLowerCase(),
      subtype: (match[2] ?? '').toLowerCase(),
      q,
    });
  }
  return ranges;
}

/** The weight of the most specific range that matches `offered`: 2 exact, 1 `type/*`, 0 `*\/*`. */
function bestMatch(
  offered: string,
  ranges: readonly MediaRange[],
): { q: number; specificity: number } | undefined {
  const [type, subtype] = offered.split('/');
  let best: { q: number; specificity: number } | undefined;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity < 0) continue;
    if (best === undefined || specificity > best.specificity) {
      best = { q: range.q, specificity };
    }
  }
  return best;
}
