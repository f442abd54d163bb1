import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Call } from './call.entity.js';

/** Records calls: the service's only writer of the `calls` table. */
@Injectable()
export class CallService {
  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
  ) {}

  /** Stores one call of `userName` lasting `durationMs` and returns it as stored. */
  async record(userName: string, durationMs: number): Promise<Call> {
    // The service's clock, in UTC, decides the billing month: the same on every database.
    const now = new Date();
    const call = this.calls.create({
      userName,
      callDuration: durationMs,
      createdAt: now,
      updatedAt: now,
    });
    const { identifiers } = await this.calls.insert(call);
    call.id = String(identifiers[0]?.id);
    return call;
  }
}
