import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A page rendered in grey levels: its size in pixels, and how many are not white. */
export interface RenderedPage {
  readonly width: number;
  readonly height: number;
  readonly inked: number;
}

/** The text of a PDF file as poppler's `pdftotext` extracts it, laid out as on the page. */
export async function textOf(pdfPath: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', pdfPath, '-']);
  return stdout;
}

/** How many pages `pdfinfo` counts in the file. */
export async function pageCount(pdfPath: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdfPath]);
  return Number(/^Pages:\s+(\d+)$/m.exec(stdout)?.[1]);
}

/**
 * Renders one page with poppler's `pdftoppm` at `dpi`, as a PNG (for a person to look at) and
 * as a grey map, which is read here: its size, and its pixels darker than near-white.
 */
export async function renderPage(
  pdfPath: string,
  page: number,
  dpi: number,
): Promise<RenderedPage & { readonly png: string }> {
  const stem = `${pdfPath.replace(/\.pdf$/, '')}-page-${page}`;
  const pages = ['-f', String(page), '-l', String(page), '-singlefile'];
  const resolution = ['-r', String(dpi)];
  await run('pdftoppm', [...pages, ...resolution, '-png', pdfPath, stem]);
  await run('pdftoppm', [...pages, ...resolution, '-gray', pdfPath, stem]);
  return { ...readGreyMap(`${stem}.pgm`), png: `${stem}.png` };
}

/** A binary PGM (`P5`, 8 bits): a text header, then one byte per pixel. */
function readGreyMap(path: string): RenderedPage {
  const data = readFileSync(path);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(
    data.subarray(0, 64).toString('latin1'),
  );
  if (header === null) throw new Error(`${path} is not a binary PGM`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = data.subarray(header[0].length);
  let inked = 0;
  for (const level of pixels) if (level < 200) inked++;
  return { width, height, inked };
}
