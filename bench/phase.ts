// A phase of the bench measures one thing and reports it: rows of the table, targets with their
// verdicts, checks. run.ts runs the phases in turn and renders their reports as one table; a new
// measurement is a new phase, written against this interface.
import type { Options, PhaseName } from './options.js';

/** The table's columns; a phase that measures only the service fills the others with '-'. */
export const COLUMNS = ['service', 'service x2', 'raw', 'ceiling'] as const;

export interface Row {
  label: string;
  /** One formatted figure per column of COLUMNS. */
  cells: string[];
}

/** A row with a figure for the service only. */
export function serviceRow(label: string, cell: string): Row {
  return { label, cells: COLUMNS.map((_, i) => (i === 0 ? cell : '-')) };
}

export interface Target {
  target: string;
  goal: string;
  /** How figures are shown: 'x' for a ratio (two decimals), else after a whole number. */
  unit: string;
  passes: (value: number) => boolean;
  /** undefined when not measured. */
  service: number | undefined;
  serviceX2: number | undefined;
  /** Whether the target concerns the service alone, without a "service x2" column. */
  serviceOnly: boolean;
}

/** A table of a phase's own, with columns of its own (the rating phase's builds). */
export interface OwnTable {
  /** Lines above it: what it measured, and how. */
  title: string[];
  columns: string[];
  /** One cell per column of `columns`. */
  rows: Row[];
}

export interface PhaseReport {
  /** Lines under the report's first line: what the phase ran, and how. */
  header: string[];
  rows: Row[];
  /** Tables after the main one, each with its own columns. */
  tables?: OwnTable[];
  targets: Target[];
  /** Lines under "checks:", each saying what it is about. */
  checks: string[];
  /** Lines at the end of the report. */
  notes: string[];
}

export interface Phase<Figures extends object> {
  /** What --only calls it. */
  name: PhaseName;
  /** Measures what the options ask for; the figures go into the results' JSON as they are. */
  measure(options: Options): Promise<Figures>;
  /** The figures for the table; also when the options left the phase nothing to measure. */
  report(figures: Figures, options: Options): PhaseReport;
}

/** A target of the service alone (a phase with no "service x2" column), measured or not. */
export function serviceTarget(
  name: string,
  goal: string,
  unit: string,
  passes: (value: number) => boolean,
  value: number | undefined,
): Target {
  return {
    target: name,
    goal,
    unit,
    passes,
    service: value,
    serviceX2: undefined,
    serviceOnly: true,
  };
}

/** The report of a phase that did not run. */
export const EMPTY_REPORT: PhaseReport = {
  header: [],
  rows: [],
  targets: [],
  checks: [],
  notes: [],
};
