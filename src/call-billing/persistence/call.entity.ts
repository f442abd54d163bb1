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
}
