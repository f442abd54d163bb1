// The results kept in the tree: the last run's report and figures, each run replacing the one
// before (earlier runs are in git history).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './processes.js';

const RESULTS = join(ROOT, 'bench', 'results');

/** Writes the report and the figures; gives the files written, from the repository. */
export function writeResults(text: string, figures: object): string[] {
  mkdirSync(RESULTS, { recursive: true });
  const files: [string, string][] = [
    [join(RESULTS, 'latest.txt'), `${text}\n`],
    [
      join(RESULTS, 'latest.json'),
      `${JSON.stringify(figures, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`,
    ],
  ];
  for (const [path, content] of files) writeFileSync(path, content);
  return files.map(([path]) => relative(ROOT, path));
}
