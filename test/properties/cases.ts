/**
 * The generated cases, as the oracle judges them and the generators build them: what is sent,
 * and what the test knows of it (the name a user segment decodes to, whether a content type is
 * JSON, the position a cursor stands for).
 */

import type { ListedCall } from '../support/oracle/call-json.js';

export type Verdict = 'accept' | 'reject' | 'either';

/**
 * A user name as a URL path segment, and the name the service must see once it decodes it:
 * `null` when no name can be decoded (a malformed percent-encoding), `undefined` when the URL
 * itself resolves it away (dot segments), so that nothing can be predicted.
 */
export interface UserSegment {
  readonly segment: string;
  readonly name: string | null | undefined;
}

/** `json`: true when the SPEC makes the body JSON, false when it makes it a 415, undefined when silent. */
export interface ContentTypeCase {
  readonly value: string | undefined;
  readonly json: boolean | undefined;
}

export interface PutCase {
  readonly user: UserSegment;
  readonly payload: string | undefined;
  readonly contentType: ContentTypeCase;
  readonly key: string | undefined;
  readonly authorization: string | undefined;
}

export interface BatchCase {
  readonly payload: string | undefined;
  readonly contentType: ContentTypeCase;
  readonly authorization: string | undefined;
}

/** A keyset position: a call's creation time (ms) and id. */
export interface Position {
  readonly ms: number;
  readonly id: bigint;
}

/** One query parameter; `verdict` is what the SPEC says of its value alone. */
export interface Param {
  readonly name: string;
  readonly value: string;
  readonly verdict: Verdict;
  /** For a cursor the service accepts: the position it stands for, when known. */
  readonly position?: Position;
  /** Sent as is, not percent-encoded (malformed pieces of a query string). */
  readonly raw?: boolean;
}

export interface QueryCase {
  readonly route: 'billing' | 'calls';
  readonly user: UserSegment;
  readonly params: readonly Param[];
  readonly headers: Record<string, string>;
}

/** The calls the test seeded, by user, newest first, in the wire format. */
export type Seeded = ReadonlyMap<string, readonly ListedCall[]>;
