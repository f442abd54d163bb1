import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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

  @Column({ name: 'user_name', type: 'varchar', length: 32 })
  userName!: string;

  /** Length of the call in whole milliseconds. */
  @Column({ name: 'call_duration', type: 'int' })
  callDuration!: number;

  /** The client's key for this call, unique per user; null when none was sent. */
  @Column({
    name: 'idempotency_key',
    type: 'varchar',
    length: 64,
    nullable: true,
  })
  idempotencyKey!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;

  /** When the call started: its billing period comes from it (SPEC §7). */
  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt!: Date;

  /** The number called, digits only; null: none given. */
  @Column({ type: 'varchar', length: 15, nullable: true })
  destination!: string | null;

  /** `YYYY-MM`: the month of `startedAt`, or the open period of a late call. */
  @Column({ name: 'billing_period', type: 'varchar', length: 7 })
  billingPeriod!: string;

  /** Booked into a later period because its own was closed when it arrived (SPEC §8). */
  @Column({ type: 'boolean' })
  late!: boolean;

  @Column({ name: 'block_count', type: 'int' })
  blockCount!: number;

  @Column({ name: 'billed_seconds', type: 'int' })
  billedSeconds!: number;

  /** The call's amount in 10^-6 of the currency, a multiple of its precision. */
  @Column({ name: 'amount_micros', type: 'bigint' })
  amountMicros!: bigint;

  @Column({ name: 'amount_decimals', type: 'int' })
  amountDecimals!: number;

  /** The rate that priced the call: plan, version (`effective_from`) and prefix. */
  @Column({ name: 'rate_plan', type: 'varchar', length: 32 })
  ratePlan!: string;

  @Column({ name: 'rate_version', type: 'datetime', precision: 3 })
  rateVersion!: Date;

  @Column({ name: 'rate_prefix', type: 'varchar', length: 15 })
  ratePrefix!: string;

  @Column({ name: 'voided_at', type: 'datetime', precision: 6, nullable: true })
  voidedAt!: Date | null;

  @Column({ name: 'void_reason', type: 'varchar', length: 200, nullable: true })
  voidReason!: string | null;
}
