import { TextDecoder } from 'node:util';

/** Bytes decoded at a time: a slice is read and checked in about a millisecond. */
export const SLICE_BYTES = 8 * 1024;

/**
 * A body's bytes: whole, or as the chunks it arrives in (an upload read while it is received).
 * `size`, when known, is how many bytes the chunks add up to.
 */
export interface ByteSource {
  readonly chunks: Uint8Array | AsyncIterable<Uint8Array>;
  readonly size?: number;
}

/** Lets other work run between two slices of a long read. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class NotUtf8Error extends Error {
  constructor() {
    super('The request body is not valid UTF-8');
  }
}

/**
 * `body` as UTF-8 text, one slice of at most `sliceBytes` at a time, with `pause` awaited before
 * each slice but the first: a body of many megabytes never holds the event loop for more than
 * one slice's work. A character cut by a slice's or a chunk's end is completed by the next; one
 * cut by the body's end is a {@link NotUtf8Error}, as is any byte sequence that is not UTF-8.
 */
export async function* textSlices(
  body: Uint8Array | AsyncIterable<Uint8Array>,
  pause: () => Promise<void> = nextTurn,
  sliceBytes = SLICE_BYTES,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const chunks = body instanceof Uint8Array ? [body] : body;
  let first = true;
  for await (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; offset += sliceBytes) {
      if (!first) await pause();
      first = false;
      const end = Math.min(chunk.length, offset + sliceBytes);
      yield decoded(decoder, chunk.subarray(offset, end));
    }
  }
  const rest = decoded(decoder, undefined);
  if (rest !== '') yield rest;
}

/** The text of `bytes`, the start of a character cut at their end kept for the next; none: the end. */
function decoded(decoder: TextDecoder, bytes: Uint8Array | undefined): string {
  try {
    return bytes === undefined
      ? decoder.decode()
      : decoder.decode(bytes, { stream: true });
  } catch {
    throw new NotUtf8Error();
  }
}
