/** Bytes decoded at a time: a slice is read and checked in about a millisecond. */
export const SLICE_BYTES = 8 * 1024;

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
 * `body` as UTF-8 text, one slice at a time, with `pause` awaited before each slice but the
 * first: a body of many megabytes never holds the event loop for more than one slice's work. A
 * character cut by a slice's end is completed by the next. Throws {@link NotUtf8Error}.
 */
export async function* textSlices(
  body: Uint8Array,
  pause: () => Promise<void> = nextTurn,
  sliceBytes = SLICE_BYTES,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  for (let offset = 0; offset < body.length; offset += sliceBytes) {
    if (offset > 0) await pause();
    const end = Math.min(body.length, offset + sliceBytes);
    let text: string;
    try {
      text = decoder.decode(body.subarray(offset, end), {
        stream: end < body.length,
      });
    } catch {
      throw new NotUtf8Error();
    }
    yield text;
  }
}
