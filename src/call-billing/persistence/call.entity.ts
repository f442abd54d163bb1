import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A DATETIME column, `precision` fraction digits on MySQL. */
function InstantColumn(
  name: string,
  precision: 3 | 6,
  nullable = false,
): PropertyDecorator {
  return Column({ name, type: 'datetime', precision, nullable });
}

/** A VARCHAR column of `length` characters at most. */
function TextColumn(
  name: string,
  length: number,
  nullable = false,
): PropertyDecorator {
  return Column({ name, type: 'varchar', length, nullable });
}

function IntColumn(name: string): PropertyDecorator {
  return Column({ name, type: 'int' });
}

/** One recorded call. The table's exact column types are fixed by the migrations. */
@Entity({ name: 'calls' })
@Index('idx_calls_user_created', ['userName', 'createdAt', 'id'])
@Index('uq_calls_user_idempotency_key', ['userName', 'idempotencyKey'], {
  unique: true,
})
export class Call {
  /** A string of digits: MySQL hands bigints back as strings (SQLite as numbers, hence `String()` on reads). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @TextColumn('user_name', 32)
  userName!: string;

  /** Length of the call in whole milliseconds. */
  @IntColumn('call_duration')
  callDuration!: number;

  /** The client's key for this call, unique per user; null when none was sent. */
  @TextColumn('idempotency_key', 64, true)
  idempotencyKey!: string | null;

  @InstantColumn('created_at', 6)
  createdAt!: Date;

  @InstantColumn('updated_at', 6)
  updatedAt!: Date;

  /** When the call started: its billing period comes from it (SPEC §7). */
  @InstantColumn('started_at', 3)
  startedAt!: Date;

  /** The number called, digits only; null: none given. */
  @TextColumn('destination', 15, true)
  destination!: string | null;

  /** `YYYY-MM`: the month of `startedAt`, or the open period of a late call. */
  @TextColumn('billing_period', 7)
  billingPeriod!: string;

  /** Booked into a later period because its own was closed when it arrived (SPEC §8). */
  @Column({ type: 'boolean' })
  late!: boolean;

  @IntColumn('block_count')
  blockCount!: number;

  @IntColumn('billed_seconds')
  billedSeconds!: number;

  /** The call's amount in 10^-6 of the currency, a multiple of its precision. */
  @Column({ name: 'amount_micros', type: 'bigint' })
  amountMicros!: bigint;

  @IntColumn('amount_decimals')
  amountDecimals!: number;

  /** The rate that priced the call: plan, version (`effective_from`) and prefix. */
  @TextColumn('rate_plan', 32)
  ratePlan!: string;

  @InstantColumn('rate_version', 3)
  rateVersion!: Date;

  @TextColumn('rate_prefix', 15)
  ratePrefix!: string;

  @InstantColumn('voided_at', 6, true)
  voidedAt!: Date | null;

  @TextColumn('void_reason', 200, true)
  voidReason!: string | null;
}
