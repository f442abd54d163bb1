import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { CallBatchService } from '../call-billing/call-batch.service.js';
import type { CallRecord } from '../call-billing/call-record.rules.js';
import { readCsvCallRows } from './csv-call-rows.js';

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
 * Imports a CSV file of calls through the same batch service as `POST /calls/batch`. Lines that
 * are bad are reported and skipped; the rest are stored in large transactions, each key once.
 */
export async function importCallsFromCsv(
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
  let pending: { line: number; record: CallRecord }[] = [];
  let storing: Promise<void> = Promise.resolve();

  const store = async (
    batch: readonly { line: number; record: CallRecord }[],
  ): Promise<void> => {
    if (batch.length === 0) return;
    const result = await batches.recordBatch(
      batch.map((row) => row.record),
      { onConflict: 'skip', source: 'import' },
    );
    summary.inserted += result.inserted;
    summary.duplicates += result.duplicates;
    for (const index of result.conflicts) {
      summary.rejected++;
      listener.rejected(
        batch[index]?.line ?? 0,
        'idempotency_key was already recorded with another call_duration',
      );
    }
    listener.progress(summary, bytesRead, totalBytes);
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
      // The next batch is read and checked while this one commits; at most one is in flight,
      // so memory stays at two batches and the batches still commit in file order.
      await storing;
      storing = store(pending);
      // Its failure is taken by the next `await storing`; until then it must not count as unhandled.
      storing.catch(() => undefined);
      pending = [];
    }
  }
  await storing;
  await store(pending);
  listener.progress(summary, totalBytes, totalBytes);
  return summary;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
