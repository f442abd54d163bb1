/**
 * A version's rates as CSV (SPEC §7): a header line naming the rate fields (`prefix` and `price`
 * required, any order), then one rate a line. An absent column or an empty cell takes the
 * field's default (an empty `prefix` is ""). Cells may be quoted (`"0.05"`, `""` for a quote);
 * blank lines are skipped; faults are named by line number, the header being line 1 of the body.
 * Read a slice at a time (`text-slices.ts`), so a million lines never hold the event loop.
 */
import {
  type DeckOptions,
  type DeckOutcome,
  RATE_FIELDS,
  type RateField,
  type RateDeckBuilder,
} from './rate-deck.js';
import {
  readDeck,
  type DeckFormatOptions,
  type SliceReader,
} from './deck-reader.js';
import { nextTurn, type ByteSource } from './text-slices.js';

/** A rate's line is some 30 bytes; one of 4 KB is not a rate. */
export const MAX_LINE_CHARS = 4096;
/** The shortest rate line, `1,0` and its newline: a body of n bytes holds at most n / 4 rates. */
const MIN_LINE_BYTES = 4;

const CSV: DeckFormatOptions = {
  format: 'csv',
  labelOf: (line) => `lines[${line}]`,
  minRateBytes: MIN_LINE_BYTES,
};

export function readCsvDeck(
  body: Uint8Array | ByteSource,
  options: DeckOptions,
  pause: () => Promise<void> = nextTurn,
): Promise<DeckOutcome> {
  return readDeck(
    body,
    CSV,
    pause,
    (builder) => new CsvLines(builder, options),
  );
}

/** The lines of a CSV body, read in order: the header, then the rates. */
class CsvLines implements SliceReader {
  private line = 0;
  private columns: RateField[] | undefined;
  /** One object for every row: the builder copies its values out. */
  private readonly row: Record<string, string | undefined> = {};
  /** The start of a line the next slice completes. */
  private carry = '';

  constructor(
    private readonly builder: RateDeckBuilder,
    private readonly options: DeckOptions,
  ) {}

  slice(slice: string): boolean {
    const text = this.carry + slice;
    const end = text.lastIndexOf('\n');
    this.carry = text.slice(end + 1);
    return this.read(text, end) && this.fits(this.carry, 1);
  }

  end(): DeckOptions | undefined {
    const { builder, carry } = this;
    if (!this.read(`${carry}\n`, carry.length)) return undefined;
    if (this.columns === undefined) {
      builder.fault(
        'body',
        'The CSV body must start with a header line naming its columns, like prefix,price',
      );
      return undefined;
    }
    return this.options;
  }

  /** Reads the complete lines of `text`, up to `end` (its last newline); false to stop. */
  private read(text: string, end: number): boolean {
    let start = 0;
    while (start <= end) {
      let stop = text.indexOf('\n', start);
      if (stop < 0 || stop > end) stop = end;
      const last =
        stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
      const line = text.slice(start, last);
      start = stop + 1;
      this.line++;
      if (!this.fits(line, 0)) return false;
      if (line.trim() === '') continue;
      if (!(this.columns === undefined ? this.header(line) : this.rate(line)))
        return false;
    }
    return true;
  }

  /**
   * A line of sane length, the last read (`ahead` 0) or the part come of the next (`ahead` 1);
   * else a fault, and the read stops.
   */
  private fits(line: string, ahead: 0 | 1): boolean {
    if (line.length <= MAX_LINE_CHARS) return true;
    this.builder.fault(
      `lines[${this.line + ahead}]`,
      `a line may have at most ${MAX_LINE_CHARS} characters`,
    );
    return false;
  }

  private header(line: string): boolean {
    const label = `lines[${this.line}]`;
    const names = cellsOf(line)?.map((cell) => cell.trim().toLowerCase());
    if (names === undefined) {
      this.builder.fault(
        label,
        'the header has a quoted name that is not closed',
      );
      return false;
    }
    const columns: RateField[] = [];
    for (const name of names) {
      if (!(RATE_FIELDS as readonly string[]).includes(name)) {
        this.builder.fault(
          label,
          `column "${name.slice(0, 64)}" is not a rate field (${RATE_FIELDS.join(', ')})`,
        );
      } else if (columns.includes(name as RateField)) {
        this.builder.fault(label, `column "${name}" is named twice`);
      } else {
        columns.push(name as RateField);
      }
    }
    for (const required of ['prefix', 'price'] as const) {
      if (!names.includes(required)) {
        this.builder.fault(label, `the header must name a ${required} column`);
      }
    }
    if (this.builder.faulty) return false;
    this.columns = columns;
    for (const field of RATE_FIELDS) this.row[field] = undefined;
    return true;
  }

  private rate(line: string): boolean {
    const columns = this.columns!;
    const cells = cellsOf(line);
    if (cells?.length !== columns.length) {
      this.builder.fault(
        `lines[${this.line}]`,
        cells === undefined
          ? 'a quoted cell is not closed, or is followed by more than a comma'
          : `the line has ${cells.length} cells where the header names ${columns.length}`,
      );
      return true;
    }
    for (let i = 0; i < columns.length; i++) {
      const cell = cells[i].trim();
      this.row[columns[i]] = cell === '' ? undefined : cell;
    }
    return this.builder.add(this.line, this.row);
  }
}

/** The cells of a line, unquoted; undefined for a quote that is not closed where it must be. */
export function cellsOf(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let at = 0;
  for (;;) {
    while (line[at] === ' ' || line[at] === '\t') at++;
    let cell = '';
    if (line[at] === '"') {
      for (at++; ; at++) {
        if (at >= line.length) return undefined;
        if (line[at] !== '"') cell += line[at];
        else if (line[at + 1] === '"') cell += line[++at];
        else break;
      }
      at++;
      while (line[at] === ' ' || line[at] === '\t') at++;
      if (at < line.length && line[at] !== ',') return undefined;
    } else {
      const comma = line.indexOf(',', at);
      const stop = comma < 0 ? line.length : comma;
      cell = line.slice(at, stop);
      if (cell.includes('"')) return undefined;
      at = stop;
    }
    cells.push(cell);
    if (at >= line.length) return cells;
    at++;
  }
}
