// What a run is asked to do: the command line (run.ts lists the options) and where the database
// is (BENCH_DB_PORT, BENCH_DB_USER, BENCH_DB_PASSWORD).
import { parseArgs } from 'node:util';

const SERVER_NAMES = ['service', 'raw', 'ceiling'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** How long and how hard the loads run; the results record them as they are. */
export interface Settings {
  connections: number;
  users: number;
  warmupSeconds: number;
  putSeconds: number;
  getSeconds: number;
  largeUserCalls: number;
  importCalls: number;
  rounds: number;
  /** Short runs and small seeds, to try the harness: its figures are not comparable. */
  quick: boolean;
}

export interface Options {
  /** false with --no-build: dist/ is used as it is. */
  build: boolean;
  /** The servers to measure (--only), in the order each round measures them. */
  servers: ServerName[];
  /** false with --no-import. */
  import: boolean;
  /** --profile's folder: the run profiles the service instead of measuring. */
  profile: string | undefined;
  settings: Settings;
}

export const DB = {
  host: '127.0.0.1',
  port: Number(process.env.BENCH_DB_PORT ?? 3306),
  user: process.env.BENCH_DB_USER ?? 'root',
  password: process.env.BENCH_DB_PASSWORD ?? '',
};

/** Reads the command line; throws, with a message for the user, on a wrong one. */
export function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      'no-build': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string', default: SERVER_NAMES.join(',') },
      'no-import': { type: 'boolean', default: false },
      profile: { type: 'string' },
      connections: { type: 'string', default: '64' },
      users: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '2' },
    },
    strict: true,
  });
  const quick = values.quick;
  const settings: Settings = {
    connections: Number(values.connections),
    users: Number(values.users),
    warmupSeconds: quick ? 1 : 3,
    putSeconds: quick ? 3 : 15,
    getSeconds: quick ? 3 : 10,
    largeUserCalls: quick ? 100_000 : 1_000_000,
    importCalls: quick ? 100_000 : 1_000_000,
    rounds: quick ? 1 : Number(values.rounds),
    quick,
  };
  const only = values.only.split(',').map((name) => name.trim());
  const unknown = only.find(
    (name) => !SERVER_NAMES.some((known) => known === name),
  );
  if (unknown !== undefined) {
    throw new Error(`unknown server "${unknown}" in --only`);
  }
  if (!Number.isInteger(settings.rounds) || settings.rounds < 1) {
    throw new Error(
      `--rounds must be a whole number from 1, not "${values.rounds}"`,
    );
  }
  return {
    build: !values['no-build'],
    servers: SERVER_NAMES.filter((name) => only.includes(name)),
    import: !values['no-import'],
    profile: values.profile,
    settings,
  };
}
