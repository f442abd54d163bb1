// The host the figures were measured on, as the report's first line and the results name it.
import { cpus, totalmem } from 'node:os';
import { connect, firstRow } from './database.js';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  /** The database server's version; 'unknown' when it does not answer. */
  mariadb: string;
}

export async function machine(): Promise<Machine> {
  let mariadb = 'unknown';
  try {
    const db = await connect();
    const row = await firstRow(db, 'SELECT VERSION() AS version');
    mariadb = String(row.version);
    await db.end();
  } catch {
    // reported as unknown
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    mariadb,
  };
}
