/**
 * Property-based tests (fast-check) over the whole API surface: `PUT /mobile/{user}/call`,
 * `GET /mobile/{user}/billing`, `GET /mobile/{user}/calls` and `POST /calls/batch`, one spec a
 * group (put, batch, queries, auth). Beside them: the contract restated and the ledger
 * (oracle.ts), the arbitraries (generators/), one generated case sent and judged (steps.ts), and
 * the invariants every answer must hold (harness.ts).
 *
 * Reproduce a failure with the seed in the suite's name: `FC_SEED=<seed> npm test -- properties`.
 * `FC_RUNS_SCALE=10` multiplies every property's runs; `FC_STATS=1` prints how the cases were answered.
 */
import fc from 'fast-check';

const SEED = Number(process.env.FC_SEED ?? 20_261_124);
const SCALE = Number(process.env.FC_RUNS_SCALE ?? 1);
const runs = (base: number): number => Math.max(1, Math.round(base * SCALE));
/** 10,000 generated cases in all at scale 1. */
export const RUNS = {
  put: runs(4000),
  queries: runs(3000),
  batch: runs(2000),
  auth: runs(1000),
} as const;
export const PROPERTY_TIMEOUT_MS = 300_000;

fc.configureGlobal({ seed: SEED });

/** A group's suite name, with the seed that reproduces its cases. */
export const suiteName = (group: string): string =>
  `properties of ${group} (fast-check seed ${SEED})`;
