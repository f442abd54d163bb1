import type { DataSource } from 'typeorm';

/** The parts of a mysql2 pool that tell how many connections it holds and how many are idle. */
interface Mysql2Pool {
  readonly _allConnections?: { readonly length: number };
  readonly _freeConnections?: { readonly length: number };
}

/**
 * Connections of the pool that are checked out, running a query or a transaction, right now.
 * mysql2 has no public counter, so its pool's two queues are read. SQLite has no pool: its one
 * connection stays open for the app's life, so it counts as 1 while open.
 */
export function connectionsInUse(dataSource: DataSource): number {
  if (!dataSource.isInitialized) return 0;
  if (dataSource.options.type !== 'mysql') return 1;
  const pool = (dataSource.driver as { pool?: Mysql2Pool }).pool;
  const all = pool?._allConnections?.length ?? 0;
  const free = pool?._freeConnections?.length ?? 0;
  return Math.max(0, all - free);
}
