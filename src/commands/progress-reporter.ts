import type {
  ImportListener,
  ImportSummary,
} from '../call-billing/services/csv-import.service.js';

interface Output {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** How often a terminal's bar is redrawn, and how often a log line is written otherwise. */
const REDRAW_MS = 200;
const LOG_EVERY_MS = 5_000;
const BAR_WIDTH = 30;

/**
 * Shows an import's progress: a bar with rows, rows/s and ETA redrawn in place on a terminal,
 * and a plain line every few seconds when the output is a file or a pipe (CI, logs).
 */
export function progressReporter(
  out: Output,
  now: () => number = Date.now,
): ImportListener & { done(): void } {
  const started = now();
  let shownAt = 0;
  let drawn = false;
  let finished = false;
  return {
    rejected(line, reason) {
      if (drawn) out.write('\n');
      drawn = false;
      out.write(`line ${line}: rejected: ${reason}\n`);
    },
    progress(summary, bytesRead, totalBytes) {
      const at = now();
      const complete = bytesRead >= totalBytes;
      const due = at - shownAt >= (out.isTTY ? REDRAW_MS : LOG_EVERY_MS);
      // The last batch and the end of the file both report completion: show it once.
      if (finished || (!complete && !due)) return;
      finished = complete;
      shownAt = at;
      const text = describe(
        summary,
        bytesRead,
        totalBytes,
        (at - started) / 1000,
      );
      if (out.isTTY) {
        out.write(`\r${text}\u001b[K`);
        drawn = true;
      } else {
        out.write(`${text}\n`);
      }
    },
    done() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}

export function describe(
  summary: Readonly<ImportSummary>,
  bytesRead: number,
  totalBytes: number,
  elapsedSeconds: number,
): string {
  const fraction = totalBytes === 0 ? 1 : Math.min(1, bytesRead / totalBytes);
  const filled = Math.round(fraction * BAR_WIDTH);
  const rate = elapsedSeconds > 0 ? summary.rows / elapsedSeconds : 0;
  const eta =
    fraction > 0 && fraction < 1
      ? `${Math.ceil((elapsedSeconds / fraction) * (1 - fraction))}s`
      : '-';
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% ` +
    `${summary.rows.toLocaleString('en-US')} rows, ${Math.round(rate).toLocaleString('en-US')} rows/s, ETA ${eta}`
  );
}
