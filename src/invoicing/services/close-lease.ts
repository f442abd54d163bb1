import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Database } from '../../platform/database/database.js';
import type { Statement } from '../../platform/database/statement.js';
import { ServiceLockRepository } from '../persistence/service-lock.repository.js';

const NAME = 'period-close';
/** How long the lease lasts without a renewal: a closer that died is replaced this long after. */
export const LEASE_SECONDS = 30;

/** The closer lost its lease (it stalled past it, and another process took over): it stops. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';

  constructor() {
    super('the period-close lease was taken over by another process');
  }
}

/**
 * The lease that lets exactly one process close periods, however many run: a row of
 * `service_locks` held for {@link LEASE_SECONDS} and renewed by every step of a close, in the
 * step's own transaction. That renewal fences the step: a closer that stalled past its lease
 * and was replaced finds the lease gone and writes nothing.
 */
@Injectable()
export class CloseLease {
  /** This process, unique among every process that ever runs against the database. */
  readonly holder = [
    hostname().slice(0, 24),
    process.pid,
    randomBytes(8).toString('hex'),
  ].join(':');

  constructor(
    private readonly database: Database,
    private readonly locks: ServiceLockRepository,
  ) {}

  /** Takes the lease if no other process holds it: whether this process now holds it. */
  take(): Promise<boolean> {
    return this.database.transaction(async (transaction) => {
      const [, taken] = await transaction.commit(
        this.locks.ensure(NAME),
        this.locks.take(NAME, this.holder, LEASE_SECONDS),
      );
      return taken;
    });
  }

  /** Renews the lease within a step's transaction; the step must stop when it answers false. */
  renew(): Statement<boolean> {
    return this.locks.renew(NAME, this.holder, LEASE_SECONDS);
  }

  /** Gives the lease up, so that a closer elsewhere need not wait for it to run out. */
  async release(): Promise<void> {
    await this.database.transaction((transaction) =>
      transaction.commit(this.locks.release(NAME, this.holder)),
    );
  }
}
