import 'reflect-metadata';
import { openCliContext, runCommand } from './cli-context.js';
import { CsvHeaderError } from '../call-billing/csv/csv-call-rows.js';
import { CsvImportService } from '../call-billing/services/csv-import.service.js';
import { progressReporter } from './progress-reporter.js';

/**
 * `npm run import -- <file.csv>`: stores the calls of a CSV file (`user_name,call_duration` and
 * optionally `idempotency_key`, `started_at`, `destination`) in the configured database. Exits 0 when every line was stored
 * or already there, 1 when a line was rejected, 2 when the file or the set-up is unusable.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [path] = argv;
  if (path === undefined || argv.length !== 1) {
    process.stderr.write('usage: npm run import -- <file.csv>\n');
    return 2;
  }
  const app = await openCliContext();
  try {
    const reporter = progressReporter(process.stderr);
    const started = Date.now();
    const summary = await app.get(CsvImportService).import(path, reporter);
    reporter.done();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `${path}: ${summary.rows} rows in ${seconds.toFixed(1)} s ` +
        `(${Math.round(summary.rows / Math.max(seconds, 0.001))} rows/s): ` +
        `inserted ${summary.inserted}, duplicates ${summary.duplicates}, rejected ${summary.rejected}\n`,
    );
    return summary.rejected > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

// A bad file is the operator's to fix too: its message says how.
runCommand(
  'import',
  () => main(process.argv.slice(2)),
  (error) =>
    error instanceof CsvHeaderError ||
    (error as { code?: unknown }).code === 'ENOENT',
);
