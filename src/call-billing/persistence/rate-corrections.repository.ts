import { Injectable } from '@nestjs/common';
import { command, type Statement } from '../../platform/database/statement.js';
import type { Call } from './call.entity.js';

/** The audit trail of corrections: each re-rated call, what it was and what it became. */
@Injectable()
export class RateCorrectionsRepository {
  record(before: Call, after: Call, correction: string): Statement<number> {
    return command(
      'INSERT INTO rate_corrections (call_id, corrected_at, correction, old_rate_plan, ' +
        'old_rate_version, old_rate_prefix, old_amount_micros, new_amount_micros) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        before.id,
        after.updatedAt,
        correction,
        before.ratePlan,
        before.rateVersion,
        before.ratePrefix,
        before.amountMicros,
        after.amountMicros,
      ],
    );
  }
}
