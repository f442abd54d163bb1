import { MigrationLogger } from './migration-logger.js';

function run(messages: string[]): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const logger = new MigrationLogger(
    (line) => out.push(line),
    (line) => err.push(line),
  );
  logger.logQuery();
  for (const message of messages) logger.logSchemaBuild(message);
  return { out, err };
}

describe('MigrationLogger', () => {
  it('sums up a run that applied migrations in one line, without their SQL', () => {
    expect(
      run([
        '0 migrations are already loaded in the database.',
        '2 migrations were found in the source code.',
        '2 migrations are new migrations must be executed.',
        'Migration CreateCalls1700000000000 has been executed successfully.',
        'Migration AddTotals1700000000001 has been executed successfully.',
      ]),
    ).toEqual({
      out: [
        'Migrations: applied 2 (CreateCalls1700000000000, AddTotals1700000000001)',
      ],
      err: [],
    });
  });

  it('says when nothing was pending', () => {
    expect(
      run([
        '2 migrations are already loaded in the database.',
        'No migrations are pending',
      ]).out,
    ).toEqual(['Migrations: none pending, the schema is up to date']);
  });

  it('writes a failed query to stderr', () => {
    const err: string[] = [];
    new MigrationLogger(
      () => undefined,
      (line) => err.push(line),
    ).logQueryError(new Error('table calls already exists'));

    expect(err).toEqual(['Migration query failed: table calls already exists']);
  });
});
