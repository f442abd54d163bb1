import { NotUtf8Error, textSlices } from './text-slices.js';

const noPause = () => Promise.resolve();

async function* chunked(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    await Promise.resolve();
    yield Uint8Array.from(part);
  }
}

async function textOf(
  body: Uint8Array | AsyncIterable<Uint8Array>,
  sliceBytes?: number,
): Promise<string[]> {
  const slices: string[] = [];
  for await (const slice of textSlices(body, noPause, sliceBytes)) {
    slices.push(slice);
  }
  return slices;
}

describe('textSlices', () => {
  // "é" is C3 A9, "€" is E2 82 AC in UTF-8.
  const euro = [0xe2, 0x82, 0xac];

  it('cuts a whole body into slices of at most sliceBytes, characters kept whole', async () => {
    const body = Buffer.from('ab€cd');

    const slices = await textOf(body, 3);

    expect(slices.join('')).toBe('ab€cd');
    expect(slices).toEqual(['ab', '€c', 'd']);
  });

  it('reads a body as it arrives, a character cut between two chunks completed by the next', async () => {
    const slices = await textOf(
      chunked([0x61, euro[0]], [euro[1]], [euro[2], 0x62], [], [0xc3, 0xa9]),
    );

    expect(slices.join('')).toBe('a€bé');
  });

  it('slices every chunk, however large', async () => {
    const slices = await textOf(
      chunked([...Buffer.from('abcdefg')], [0x68]),
      3,
    );

    expect(slices).toEqual(['abc', 'def', 'g', 'h']);
  });

  it('pauses before every slice but the first', async () => {
    let pauses = 0;
    const pause = () => {
      pauses++;
      return Promise.resolve();
    };
    const slices: string[] = [];
    for await (const slice of textSlices(
      chunked([0x61, 0x62], [0x63]),
      pause,
      1,
    )) {
      slices.push(slice);
    }

    expect(slices).toEqual(['a', 'b', 'c']);
    expect(pauses).toBe(2);
  });

  it('refuses bytes that are not UTF-8, and a character the body ends inside', async () => {
    await expect(textOf(chunked([0x61], [0xff]))).rejects.toBeInstanceOf(
      NotUtf8Error,
    );
    await expect(
      textOf(chunked([0x61, euro[0], euro[1]])),
    ).rejects.toBeInstanceOf(NotUtf8Error);
    await expect(textOf(Uint8Array.from([0x61, 0xc3]))).rejects.toBeInstanceOf(
      NotUtf8Error,
    );
  });

  it('gives nothing for an empty body', async () => {
    expect(await textOf(new Uint8Array(0))).toEqual([]);
    expect(await textOf(chunked())).toEqual([]);
  });
});
