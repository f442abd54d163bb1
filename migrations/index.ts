import { CreateCalls1764000000000 } from './1764000000000-create-calls.js';
import { AddIdempotencyKeys1764000000001 } from './1764000000001-add-idempotency-keys.js';
import { CreateBillingTotals1764000000002 } from './1764000000002-create-billing-totals.js';
import { RateCalls1764000000003 } from './1764000000003-rate-calls.js';
import { Invoicing1764000000004 } from './1764000000004-invoicing.js';
import { TariffRateSets1764000000005 } from './1764000000005-tariff-rate-sets.js';
import { TotalsByRate1764000000006 } from './1764000000006-totals-by-rate.js';

/** Every migration, oldest first. A new migration is added here as well as to the folder. */
export const migrations = [
  CreateCalls1764000000000,
  AddIdempotencyKeys1764000000001,
  CreateBillingTotals1764000000002,
  RateCalls1764000000003,
  Invoicing1764000000004,
  TariffRateSets1764000000005,
  TotalsByRate1764000000006,
];
