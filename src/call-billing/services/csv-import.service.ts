import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { readCsvCallRows } from '../csv/csv-call-rows.js';
import type { CallRecord } from '../domain/call-record.rules.js';
import { keyOf } from '../domain/key-plan.js';
import { CallBatchService, type BatchResult } from './call-batch.service.js';

/** Rows per transaction: large transactions are what make a bulk load fast. */
export const IMPORT_BATCH_SIZE = 5000;

export interface ImportSummary {
  inserted: number;
  duplicates: number;
  rejected: number;
  rows: number;
}

export interface ImportListener {
  /** A line that was not stored, and why. */
  rejected(line: number, reason: string): void;
  /** Called after every stored batch. */
  progress(
    summary: Readonly<ImportSummary>,
    bytesRead: number,
    totalBytes: number,
  ): void;
}

/**
 * Imports a CSV file of calls through the same batch service as `POST /calls/batch`: a stream of
 * batches. Lines that are bad are reported and skipped; the rest are stored in large
 * transactions, each key once.
 */
@Injectable()
export class CsvImportService {
  constructor(private readonly batches: CallBatchService) {}

  import(path: string, listener: ImportListener): Promise<ImportSummary> {
    return importCallsFromCsv(path, this.batches, listener);
  }
}

async function importCallsFromCsv(
  path: string,
  batches: CallBatchService,
  listener: ImportListener,
): Promise<ImportSummary> {
  const totalBytes = statSync(path).size;
  const keyPrefix = `csv:${(await sha256Of(path)).slice(0, 40)}:`;
  const summary: ImportSummary = {
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    rows: 0,
  };
  let bytesRead = 0;
  let pending: CsvRow[] = [];
  let last: InFlight | undefined;

  const report = (batch: readonly CsvRow[], result: BatchResult): void => {
    summary.inserted += result.inserted;
    summary.duplicates += result.duplicates;
    for (const { index, reason } of result.leftOut) {
      summary.rejected++;
      listener.rejected(batch[index]?.line ?? 0, reason);
    }
    listener.progress(summary, bytesRead, totalBytes);
  };

  /**
   * Starts storing `batch` while the batch before it may still be committing: two transactions
   * overlap, so the importer and the database work at once instead of taking turns. A batch that
   * shares a key with the one in flight waits for it, so that a key's first line in the file is
   * still the one recorded. Results are reported in file order. Returns once the batch before
   * this one is done: at most two are in flight while the next is read.
   */
  const dispatch = async (batch: CsvRow[]): Promise<void> => {
    const keys = keysOf(batch);
    const before = last;
    if (before !== undefined && sharesAny(before.keys, keys)) {
      await before.written;
    }
    const written = batches.recordBatch(
      batch.map((row) => row.record),
      { onConflict: 'skip', source: 'import' },
    );
    const reported = Promise.all([before?.reported, written]).then(
      ([, result]) => report(batch, result),
    );
    // Failures are taken by the next `await` of this batch; until then they must not count as
    // unhandled.
    written.catch(() => undefined);
    reported.catch(() => undefined);
    last = { keys, written, reported };
    await before?.reported;
  };

  for await (const row of readCsvCallRows(
    path,
    keyPrefix,
    (bytes) => (bytesRead = bytes),
  )) {
    summary.rows++;
    if ('reason' in row) {
      summary.rejected++;
      listener.rejected(row.line, row.reason);
      continue;
    }
    pending.push(row);
    if (pending.length >= IMPORT_BATCH_SIZE) {
      await dispatch(pending);
      pending = [];
    }
  }
  if (pending.length > 0) await dispatch(pending);
  await last?.reported;
  listener.progress(summary, totalBytes, totalBytes);
  return summary;
}

interface CsvRow {
  readonly line: number;
  readonly record: CallRecord;
}

/** A batch being stored: its keys, its commit, and its report (after every earlier batch's). */
interface InFlight {
  readonly keys: ReadonlySet<string>;
  readonly written: Promise<BatchResult>;
  readonly reported: Promise<void>;
}

/** The batch's keys by {@link keyOf}; lines without one carry a key derived from the file. */
function keysOf(batch: readonly CsvRow[]): Set<string> {
  const keys = new Set<string>();
  for (const { record } of batch) {
    if (record.idempotencyKey !== undefined) {
      keys.add(keyOf(record.userName, record.idempotencyKey));
    }
  }
  return keys;
}

function sharesAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const key of b) if (a.has(key)) return true;
  return false;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
