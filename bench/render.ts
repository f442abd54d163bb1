// The report: every phase's rows in one table, then the targets with their verdicts, the checks
// and the notes; and the targets as the results' JSON records them.
import type { Machine } from './machine.js';
import {
  COLUMNS,
  type OwnTable,
  type PhaseReport,
  type Row,
  type Target,
} from './phase.js';
import { left, num, right } from './text.js';

const LABEL = 50;
const CELL = 12;

export interface TargetResult {
  target: string;
  goal: string;
  service: number | undefined;
  serviceResult: Verdict;
  serviceX2: number | undefined;
  serviceX2Result: Verdict;
}

type Verdict = 'PASS' | 'FAIL' | 'n/a';

function verdict(value: number | undefined, target: Target): Verdict {
  if (value === undefined) return 'n/a';
  return target.passes(value) ? 'PASS' : 'FAIL';
}

function shown(value: number | undefined, target: Target): string {
  if (value === undefined) return '-';
  return `${num(value, target.unit === 'x' ? 2 : 0)}${target.unit}`;
}

function title(started: Date, m: Machine): string {
  return (
    `call-billing bench, ${started.toISOString()}: ${m.cores} cores (${m.cpu}), ` +
    `${m.memoryGiB} GiB, Node ${m.node}, MariaDB ${m.mariadb}`
  );
}

function table(rows: Row[], columns: readonly string[] = COLUMNS): string[] {
  if (rows.length === 0) return [];
  return [
    left('', LABEL) + columns.map((name) => right(name, CELL)).join(''),
    ...rows.map(
      (row) =>
        left(row.label, LABEL) +
        row.cells.map((cell) => right(cell, CELL)).join(''),
    ),
  ];
}

/** The servers' table, after an empty line; nothing without rows (--only=rating). */
function mainTable(rows: Row[]): string[] {
  return rows.length === 0 ? [] : ['', ...table(rows)];
}

function ownTable({ title, columns, rows }: OwnTable): string[] {
  return ['', ...title, '', ...table(rows, columns)];
}

function targetLine(t: Target): string {
  const service =
    left(t.target, LABEL) +
    right(t.goal, 10) +
    right(shown(t.service, t), 11) +
    right(verdict(t.service, t), 6);
  if (t.serviceOnly) return service;
  return (
    service +
    right(shown(t.serviceX2, t), 12) +
    right(verdict(t.serviceX2, t), 6)
  );
}

function targetTable(targets: Target[]): string[] {
  return [
    left('target', LABEL) +
      right('goal', 10) +
      right('service', 17) +
      right('service x2', 18),
    ...targets.map(targetLine),
  ];
}

function checkList(checks: string[]): string[] {
  if (checks.length === 0) return [];
  return ['', 'checks:', ...checks.map((check) => `  ${check}`)];
}

function targetResult(t: Target): TargetResult {
  return {
    target: t.target,
    goal: t.goal,
    service: t.service,
    serviceResult: verdict(t.service, t),
    serviceX2: t.serviceX2,
    serviceX2Result: verdict(t.serviceX2, t),
  };
}

export function render(
  started: Date,
  machine: Machine,
  reports: PhaseReport[],
): { text: string; targets: TargetResult[] } {
  const targets = reports.flatMap((report) => report.targets);
  const lines = [
    title(started, machine),
    ...reports.flatMap((report) => report.header),
    ...mainTable(reports.flatMap((report) => report.rows)),
    ...reports.flatMap((report) => (report.tables ?? []).flatMap(ownTable)),
    '',
    ...targetTable(targets),
    ...checkList(reports.flatMap((report) => report.checks)),
    ...reports.flatMap((report) => report.notes),
  ];
  return { text: lines.join('\n'), targets: targets.map(targetResult) };
}
