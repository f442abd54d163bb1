import { IsQueryFlag } from '../../../platform/validation/page-query.decorators.js';
import { InvalidFieldsException } from '../../../platform/validation/validation-problem.js';
import type { ChangeOptions } from '../../services/tariff-changes.js';

/** How a change is asked for: `?backdate=true` for a correction, `&dry_run=true` to try it. */
export class TariffChangeQueryDto {
  @IsQueryFlag(
    'backdate',
    'A correction: the change may take effect in the past (in an open period), and the recorded calls it affects are re-rated in the same operation.',
  )
  readonly backdate?: 'true' | 'false';

  @IsQueryFlag(
    'dry_run',
    'With backdate=true: work out the correction (rerated_calls, delta) and change nothing.',
  )
  readonly dry_run?: 'true' | 'false';

  /** The options of the change; a dry run without backdate=true is a 400. */
  changeOptions(): ChangeOptions {
    const backdate = this.backdate === 'true';
    const dryRun = this.dry_run === 'true';
    if (dryRun && !backdate) {
      throw new InvalidFieldsException([
        {
          field: 'dry_run',
          message: 'dry_run=true tries a correction: it needs backdate=true',
        },
      ]);
    }
    return { backdate, dryRun };
  }
}
