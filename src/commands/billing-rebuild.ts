import 'reflect-metadata';
import { openCliContext, runCommand } from './cli-context.js';
import {
  TotalsRebuildService,
  type RebuildProgress,
} from '../call-billing/services/totals-rebuild.service.js';

/**
 * `npm run billing:rebuild` recounts every running total from the calls' stored rating results
 * (nothing is priced again); `npm run billing:rebuild -- --check` only compares and lists the differences
 * (exit 1 when there are any), writing nothing.
 */
async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  if (argv.some((arg) => arg !== '--check')) {
    process.stderr.write('usage: npm run billing:rebuild [-- --check]\n');
    return 2;
  }
  const app = await openCliContext();
  try {
    const totals = app.get(TotalsRebuildService);
    const started = Date.now();
    if (check) {
      const differences = await totals.audit(progress(started));
      process.stderr.write('\n');
      for (const difference of differences)
        process.stdout.write(`${JSON.stringify(difference)}\n`);
      process.stdout.write(
        `${differences.length} totals differ from their calls\n`,
      );
      return differences.length === 0 ? 0 : 1;
    }
    const counted = await totals.rebuild(progress(started));
    process.stderr.write('\n');
    process.stdout.write(
      `recounted ${counted} calls in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

function progress(started: number): RebuildProgress {
  let shownAt = 0;
  return (counted, total) => {
    const now = Date.now();
    if (now - shownAt < 1_000 && counted < total) return;
    shownAt = now;
    const rate = Math.round(counted / Math.max((now - started) / 1000, 0.001));
    process.stderr.write(
      `${process.stderr.isTTY ? '\r' : ''}${counted}/${total} calls, ${rate} calls/s${process.stderr.isTTY ? '' : '\n'}`,
    );
  };
}

runCommand('billing:rebuild', () => main(process.argv.slice(2)));
