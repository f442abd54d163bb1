import {
  type DeckFormat,
  type DeckOptions,
  type DeckOutcome,
  RateDeckBuilder,
} from './rate-deck.js';
import { NotUtf8Error, textSlices, type ByteSource } from './text-slices.js';

/** Thrown by a format's reader to end the read: the builder holds the fault. */
export class DeckRefused extends Error {}

/** How one format reads its body into the builder: each slice in turn, then the end. */
export interface SliceReader {
  /** False (or a thrown {@link DeckRefused}): the body is refused, the builder says why. */
  slice(text: string): boolean;
  /** The version's options, once the body is read; undefined when the body is refused. */
  end(): DeckOptions | undefined;
}

export interface DeckFormatOptions {
  readonly format: DeckFormat;
  /** Names item `n` in a fault: `rates[3]`, `lines[5]`. */
  readonly labelOf: (n: number) => string;
  /** The fewest bytes a rate takes, which bounds how many the body may hold. */
  readonly minRateBytes: number;
}

/**
 * Reads a rate deck of one format a slice at a time (`text-slices.ts`), so that a million rates
 * never hold the event loop: the builder the format's reader fills, and a body that is not
 * UTF-8 refused; then the builder's sort of the prefixes, a step a turn. A body given as the
 * chunks it arrives in is read as they come, and no further once it is refused.
 */
export async function readDeck(
  body: Uint8Array | ByteSource,
  { format, labelOf, minRateBytes }: DeckFormatOptions,
  pause: () => Promise<void>,
  readerOf: (builder: RateDeckBuilder) => SliceReader,
): Promise<DeckOutcome> {
  const source: ByteSource =
    body instanceof Uint8Array ? { chunks: body, size: body.length } : body;
  const builder = new RateDeckBuilder(
    format,
    labelOf,
    Math.ceil((source.size ?? 0) / minRateBytes),
  );
  const steps = builder.finish(
    await read(source.chunks, pause, builder, readerOf),
  );
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await pause();
  }
}

/** The options the body gives once it is read, or undefined when it is refused. */
async function read(
  body: ByteSource['chunks'],
  pause: () => Promise<void>,
  builder: RateDeckBuilder,
  readerOf: (builder: RateDeckBuilder) => SliceReader,
): Promise<DeckOptions | undefined> {
  const reader = readerOf(builder);
  try {
    for await (const slice of textSlices(body, pause)) {
      if (!reader.slice(slice)) return undefined;
    }
    return reader.end();
  } catch (error) {
    if (error instanceof NotUtf8Error) builder.fault('body', error.message);
    else if (!(error instanceof DeckRefused)) throw error;
    return undefined;
  }
}
