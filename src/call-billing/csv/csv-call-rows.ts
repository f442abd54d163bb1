import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import {
  CALL_DURATION_RULE,
  DESTINATION_PATTERN,
  DESTINATION_RULE,
  destinationDigits,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_RULE,
  MAX_CALL_DURATION,
  parseStartedAt,
  STARTED_AT_RULE,
  USER_NAME_PATTERN,
  USER_NAME_RULE,
  type CallRecord,
} from '../domain/call-record.rules.js';

export const REQUIRED_COLUMNS = ['user_name', 'call_duration'] as const;
/** Optional columns; an empty cell is the same as an absent column. */
export const OPTIONAL_COLUMNS = [
  'idempotency_key',
  'started_at',
  'destination',
] as const;

/** A data line of the file: the call it holds, or why it cannot be stored. */
export type CsvRow =
  | { readonly line: number; readonly record: CallRecord }
  | { readonly line: number; readonly reason: string };

/** The file's header does not name the columns of a call: nothing can be read. */
export class CsvHeaderError extends Error {}

/**
 * Streams a CSV file of calls, one {@link CsvRow} per data line, never holding more than a chunk
 * of the file in memory. A line without a key gets `keyPrefix` + its line number, so that the same
 * file imported twice yields the same keys. `onBytes` is told how far into the file the reader is.
 */
export async function* readCsvCallRows(
  path: string,
  keyPrefix: string,
  onBytes: (bytesRead: number) => void = () => undefined,
): AsyncGenerator<CsvRow> {
  const file = createReadStream(path);
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
    onBytes(bytesRead);
  });
  const skipped: CsvRow[] = [];
  const parser = file.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = (error as { lines?: number } | undefined)?.lines ?? 0;
        skipped.push({
          line,
          reason: `not valid CSV: ${error?.message ?? 'unreadable line'}`,
        });
      },
    }),
  );

  let columns: ColumnIndexes | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    yield* skipped.splice(0);
    if (columns === undefined) {
      columns = columnIndexes(record);
      continue;
    }
    yield toRow(record, info.lines, columns, keyPrefix);
  }
  yield* skipped.splice(0);
  if (columns === undefined)
    throw new CsvHeaderError('the file is empty: it needs a header line');
}

interface ColumnIndexes {
  readonly userName: number;
  readonly duration: number;
  readonly key: number;
  readonly startedAt: number;
  readonly destination: number;
  readonly count: number;
}

function columnIndexes(header: readonly string[]): ColumnIndexes {
  const names = header.map((name) => name.trim());
  const known = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as readonly string[];
  const unknown = names.filter((name) => !known.includes(name));
  const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name));
  if (
    unknown.length > 0 ||
    missing.length > 0 ||
    new Set(names).size !== names.length
  ) {
    throw new CsvHeaderError(
      `the header must name user_name and call_duration, and may name idempotency_key, started_at and destination; got "${header.join(',')}"`,
    );
  }
  return {
    userName: names.indexOf('user_name'),
    duration: names.indexOf('call_duration'),
    key: names.indexOf('idempotency_key'),
    startedAt: names.indexOf('started_at'),
    destination: names.indexOf('destination'),
    count: names.length,
  };
}

function toRow(
  fields: readonly string[],
  line: number,
  columns: ColumnIndexes,
  keyPrefix: string,
): CsvRow {
  if (fields.length !== columns.count) {
    return {
      line,
      reason: `expected ${columns.count} fields, found ${fields.length}`,
    };
  }
  const userName = fields[columns.userName] ?? '';
  if (!USER_NAME_PATTERN.test(userName))
    return { line, reason: USER_NAME_RULE };
  const duration = fields[columns.duration] ?? '';
  if (!/^\d{1,10}$/.test(duration) || Number(duration) > MAX_CALL_DURATION) {
    return { line, reason: CALL_DURATION_RULE };
  }
  const givenKey = fields[columns.key] ?? '';
  if (givenKey !== '' && !IDEMPOTENCY_KEY_PATTERN.test(givenKey)) {
    return { line, reason: IDEMPOTENCY_KEY_RULE };
  }
  const startedText = fields[columns.startedAt] ?? '';
  const startedAt =
    startedText === '' ? undefined : parseStartedAt(startedText);
  if (startedText !== '' && startedAt === undefined) {
    return { line, reason: STARTED_AT_RULE };
  }
  const destination = fields[columns.destination] ?? '';
  if (destination !== '' && !DESTINATION_PATTERN.test(destination)) {
    return { line, reason: DESTINATION_RULE };
  }
  return {
    line,
    record: {
      userName,
      durationMs: Number(duration),
      idempotencyKey: givenKey === '' ? `${keyPrefix}${line}` : givenKey,
      startedAt,
      destination: destination === '' ? null : destinationDigits(destination),
    },
  };
}
