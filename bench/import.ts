// The service's CSV import, timed from the process's start to its exit, of a file of calls for
// users i0000, i0001, ...: named apart from the PUTs' u-users, so that the check after it counts
// the imported calls alone.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { storedCalls, storedLine, totalsMatch } from './database.js';
import { RssSampler } from './meters.js';
import type { Settings } from './options.js';
import { ended, spawnGroup, tempPath } from './processes.js';
import { importStart, serviceEnv } from './service.js';
import { log } from './text.js';

export interface ImportResult {
  /** 0 when the import failed or stored the wrong calls. */
  callsPerSecond: number;
  seconds: number;
  peakRssMb: number;
  /** The importer's own summary line. */
  summary: string;
  check: string;
}

async function writeCsv(path: string, count: number, users: number) {
  const out = createWriteStream(path);
  out.write('user_name,call_duration\n');
  const chunk = 10_000;
  for (let start = 0; start < count; start += chunk) {
    let text = '';
    for (let n = start; n < Math.min(count, start + chunk); n++) {
      text += `i${String(n % users).padStart(4, '0')},${(n * 7919) % 3_600_001}\n`;
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/** Imports `settings.importCalls` calls into `database`, then checks what was stored. */
export async function importCalls(
  database: string,
  settings: Settings,
): Promise<ImportResult> {
  const count = settings.importCalls;
  const csv = tempPath(`${process.pid}.csv`);
  await writeCsv(csv, count, settings.users);
  log(
    `  service: importing ${count.toLocaleString('en-US')} calls from ${csv}`,
  );
  const command = importStart();
  const started = process.hrtime.bigint();
  const child = spawnGroup(
    process.execPath,
    [...command.argv, csv],
    { ...serviceEnv(database), ...command.env },
    ['ignore', 'pipe', 'pipe'],
  );
  const rss = new RssSampler(child.pid ?? 0);
  const { code, signal, output } = await ended(child, 300_000);
  rss.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stored = await storedCalls(database, 'i');
  const fine = code === 0 && stored.calls === count && totalsMatch(stored);
  const check = storedLine(fine, `import exit ${code ?? signal}`, stored);
  log(`    ${check}`);
  if (!fine) log(output.slice(-2000));
  const summary =
    output.split('\n').find((line) => line.includes(' rows in ')) ?? '';
  return {
    callsPerSecond: fine ? count / seconds : 0,
    seconds,
    peakRssMb: rss.peakTreeMb(),
    summary: summary.trim(),
    check,
  };
}
