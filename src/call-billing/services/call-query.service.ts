import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository } from 'typeorm';
import { Call } from '../persistence/call.entity.js';
import { encodeCursor, type CallCursor } from '../domain/call-cursor.js';
import type { Period } from '../domain/period.js';

export interface CallPageQuery {
  readonly period?: Period;
  readonly limit: number;
  /** Where the previous page ended; undefined for the first page. */
  readonly after?: CallCursor;
}

export interface CallPage {
  readonly calls: readonly Call[];
  readonly nextCursor: string | null;
}

/** Reads a user's itemised calls, newest first, one keyset page at a time. */
@Injectable()
export class CallQueryService {
  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
  ) {}

  async page(
    userName: string,
    { period, limit, after }: CallPageQuery,
  ): Promise<CallPage> {
    const query = this.calls
      .createQueryBuilder('c')
      .where('c.userName = :userName', { userName })
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      // One row more than asked tells whether another page follows.
      .limit(limit + 1);
    if (period !== undefined) {
      query.andWhere('c.createdAt >= :start AND c.createdAt < :end', {
        start: period.start,
        end: period.end,
      });
    }
    if (after !== undefined) {
      // The page ends at a (created_at, id) position; the next starts strictly after it, so
      // calls recorded meanwhile (which sort first) never shift or repeat a later page.
      query.andWhere(
        new Brackets((older) =>
          older
            .where('c.createdAt < :createdAt', { createdAt: after.createdAt })
            .orWhere('c.createdAt = :createdAt AND c.id < :id', {
              id: after.id,
            }),
        ),
      );
    }
    const rows = await query.getMany();
    const calls = rows.slice(0, limit);
    const last = calls.at(-1);
    return {
      calls,
      nextCursor:
        rows.length > limit && last !== undefined
          ? encodeCursor({ createdAt: last.createdAt, id: String(last.id) })
          : null,
    };
  }
}
