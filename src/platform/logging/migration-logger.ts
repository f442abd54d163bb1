import type { Logger as TypeOrmLogger } from 'typeorm';

const PENDING = /^(\d+) migrations are new migrations must be executed\.$/;
const APPLIED =
  /^Migration (\S+) has been (?:\(fake\) )?executed successfully\.$/;
const UP_TO_DATE = 'No migrations are pending';

/**
 * TypeORM's logger for the migration commands, whose CLI turns on the logging of every query:
 * a run says in one line what it applied (or that nothing was pending), and a failure says what
 * failed, on stderr. The SQL itself is in `migrations/`.
 */
export class MigrationLogger implements TypeOrmLogger {
  private pending: number | undefined;
  private readonly applied: string[] = [];

  constructor(
    private readonly out: (line: string) => void = (line) =>
      process.stdout.write(`${line}\n`),
    private readonly err: (line: string) => void = (line) =>
      process.stderr.write(`${line}\n`),
  ) {}

  logQuery(): void {}

  logQuerySlow(): void {}

  logQueryError(error: string | Error): void {
    this.err(
      `Migration query failed: ${typeof error === 'string' ? error : error.message}`,
    );
  }

  logSchemaBuild(message: string): void {
    if (message === UP_TO_DATE) {
      this.out('Migrations: none pending, the schema is up to date');
      return;
    }
    const pending = PENDING.exec(message);
    if (pending) this.pending = Number(pending[1]);
    const applied = APPLIED.exec(message);
    if (applied?.[1] === undefined) return;
    this.applied.push(applied[1]);
    if (this.applied.length === this.pending) {
      this.out(
        `Migrations: applied ${this.applied.length} (${this.applied.join(', ')})`,
      );
    }
  }

  logMigration(message: string): void {
    this.err(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.err(String(message));
  }
}
