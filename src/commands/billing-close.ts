import 'reflect-metadata';
import { openCliContext, runCommand } from './cli-context.js';
import { ConflictError } from '../platform/errors/conflict.error.js';
import { PERIOD_PARAM_PATTERN } from '../invoicing/http/dto/period.params.dto.js';
import { PeriodSummaryResponseDto } from '../invoicing/http/dto/period-summary.response.dto.js';
import { PeriodCloseService } from '../invoicing/services/period-close.service.js';

const USAGE = 'usage: npm run billing:close -- YYYY-MM\n';

/**
 * `npm run billing:close -- YYYY-MM` closes a billing period now, as `POST
 * /admin/periods/{period}/close` does, and prints its summary as JSON (the same again for a
 * closed period). Exits 0 when the period is closed, 1 when it may not close yet (its month has
 * not ended, or an earlier period with calls is open), 2 when the arguments, the configuration
 * or the database are unusable. An interrupted close completes when run again.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [period] = argv;
  if (
    argv.length !== 1 ||
    period === undefined ||
    !PERIOD_PARAM_PATTERN.test(period)
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const app = await openCliContext();
  try {
    const summary = await app.get(PeriodCloseService).close(period);
    process.stdout.write(
      `${JSON.stringify(new PeriodSummaryResponseDto(summary))}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    process.stderr.write(`billing:close: ${error.message}\n`);
    return 1;
  } finally {
    await app.close();
  }
}

runCommand('billing:close', () => main(process.argv.slice(2)));
