import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One recorded call. The table's exact column types are fixed by the migrations. */
@Entity({ name: 'calls' })
@Index('idx_calls_user_created', ['userName', 'createdAt', 'id'])
export class Call {
  /** A string of digits: MySQL hands bigints back as strings (SQLite as numbers, hence `String()` on reads). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'user_name', type: 'varchar', length: 32 })
  userName!: string;

  /** Length of the call in whole milliseconds. */
  @Column({ name: 'call_duration', type: 'int' })
  callDuration!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
