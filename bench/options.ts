// What a run is asked to do: the command line (run.ts lists the options) and where the database
// is (BENCH_DB_PORT, BENCH_DB_USER, BENCH_DB_PASSWORD).
import { parseArgs } from 'node:util';

const SERVER_NAMES = ['service', 'raw', 'ceiling'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** The phases, in the order a run measures them (run.ts). */
export const PHASE_NAMES = ['servers', 'import', 'rating', 'closing'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

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
  /** Rounds of the rating phase's PUTs, each server started afresh for each. */
  putRounds: number;
  /** Prefixes of the deck the rating phase's PUTs draw their destinations from. */
  deckPrefixes: number;
  /** Rates of the deck whose upload the rating phase times ("" and prefixes; SPEC §7's most). */
  largeDeckRates: number;
  /** Rates the rating phase's large user's calls are spread over. */
  billRates: number;
  /** Users with calls in the period the closing phase closes. */
  closingUsers: number;
  /** PUTs per second offered during the close and during its idle comparison. */
  closingPutRate: number;
  /** Short runs and small seeds, to try the harness: its figures are not comparable. */
  quick: boolean;
}

export interface Options {
  /** false with --no-build: dist/ is used as it is. */
  build: boolean;
  /** The phases to run (--only), in the order a run measures them. */
  phases: PhaseName[];
  /** The servers the servers phase measures (--only), in the order each round measures them. */
  servers: ServerName[];
  /** false with --no-import. */
  import: boolean;
  /** --profile's folder: the run profiles the service instead of measuring. */
  profile: string | undefined;
  /** With --allocations, the profiles count what is allocated, not where the time goes. */
  profileKind: 'cpu' | 'allocations';
  /** The build before rating, which the rating phase measures beside this one. */
  before: { commit: string; dir: string };
  settings: Settings;
}

export const DB = {
  host: '127.0.0.1',
  port: Number(process.env.BENCH_DB_PORT ?? 3306),
  user: process.env.BENCH_DB_USER ?? 'root',
  password: process.env.BENCH_DB_PASSWORD ?? '',
};

const isServer = (name: string): name is ServerName =>
  SERVER_NAMES.some((known) => known === name);
const isPhase = (name: string): name is PhaseName =>
  PHASE_NAMES.some((known) => known === name);

/**
 * --only names phases, servers of the servers phase, or both: `rating` runs the rating phase
 * alone, `service,raw` the servers phase (and the import) with those two servers, `closing,raw`
 * both. Without it, every phase and every server.
 */
function selection(only: string | undefined): {
  phases: PhaseName[];
  servers: ServerName[];
} {
  if (only === undefined)
    return { phases: [...PHASE_NAMES], servers: [...SERVER_NAMES] };
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !isServer(name) && !isPhase(name));
  if (unknown !== undefined) {
    throw new Error(
      `unknown name "${unknown}" in --only (phases: ${PHASE_NAMES.join(', ')}; ` +
        `servers: ${SERVER_NAMES.join(', ')})`,
    );
  }
  const servers = names.filter(isServer);
  const phases = new Set(names.filter(isPhase));
  // Naming servers asks for the servers phase (and the import after it), with those servers.
  if (servers.length > 0) {
    phases.add('servers');
    phases.add('import');
  }
  return {
    phases: PHASE_NAMES.filter((name) => phases.has(name)),
    servers: servers.length > 0 ? servers : [...SERVER_NAMES],
  };
}

function whole(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(
      `--${name} must be a whole number from ${min}, not "${value}"`,
    );
  return n;
}

/** Reads the command line; throws, with a message for the user, on a wrong one. */
export function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      'no-build': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-import': { type: 'boolean', default: false },
      profile: { type: 'string' },
      allocations: { type: 'boolean', default: false },
      connections: { type: 'string', default: '64' },
      users: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '2' },
      'put-rounds': { type: 'string', default: '4' },
      'closing-users': { type: 'string' },
      'before-commit': { type: 'string', default: '2f542f2' },
      'before-dir': { type: 'string', default: '/tmp/bench-before' },
    },
    strict: true,
  });
  const quick = values.quick;
  const settings: Settings = {
    connections: whole('connections', values.connections, 1),
    users: whole('users', values.users, 1),
    warmupSeconds: quick ? 1 : 3,
    putSeconds: quick ? 3 : 15,
    getSeconds: quick ? 3 : 10,
    largeUserCalls: quick ? 100_000 : 1_000_000,
    importCalls: quick ? 100_000 : 1_000_000,
    rounds: quick ? 1 : whole('rounds', values.rounds, 1),
    putRounds: quick ? 1 : whole('put-rounds', values['put-rounds'], 1),
    deckPrefixes: quick ? 10_000 : 100_000,
    largeDeckRates: quick ? 100_000 : 1_000_000,
    billRates: 50,
    closingUsers: whole(
      'closing-users',
      values['closing-users'] ?? (quick ? '50000' : '1000000'),
      1,
    ),
    closingPutRate: 500,
    quick,
  };
  const { phases, servers } = selection(values.only);
  return {
    build: !values['no-build'],
    phases,
    servers,
    import: !values['no-import'],
    profile: values.profile,
    profileKind: values.allocations ? 'allocations' : 'cpu',
    before: { commit: values['before-commit'], dir: values['before-dir'] },
    settings,
  };
}
