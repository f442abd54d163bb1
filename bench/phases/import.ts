// The import phase: the service's CSV import, into the service's database as the servers phase
// left it, so that the import meets a table already holding calls, as it would in production.
import { databaseName, freshDatabase } from '../database.js';
import { type ImportResult, importCalls } from '../import.js';
import type { Phase } from '../phase.js';
import { serviceRow } from '../phase.js';
import { num } from '../text.js';

export interface ImportFigures {
  import?: ImportResult;
}

export const importPhase: Phase<ImportFigures> = {
  name: 'import',

  async measure(options) {
    if (!options.servers.includes('service') || !options.import) return {};
    const database = databaseName('service');
    // Alone (--only=import), it imports into an empty database of its own.
    if (!options.phases.includes('servers')) await freshDatabase(database);
    return { import: await importCalls(database, options.settings) };
  },

  report({ import: result }, { settings }) {
    const rate = result?.callsPerSecond;
    const said = result?.summary ? [`import said: ${result.summary}`] : [];
    return {
      header: [],
      rows: [
        serviceRow(
          `bulk import calls/s (${num(settings.importCalls)}, CSV)`,
          num(rate),
        ),
      ],
      targets: [
        {
          target: 'bulk import calls/s',
          goal: '>= 50,000/s',
          unit: '/s',
          passes: (value) => value >= 50_000,
          service: rate,
          serviceX2: undefined,
          serviceOnly: true,
        },
      ],
      checks: result === undefined ? [] : [`import: ${result.check}`, ...said],
      notes: [],
    };
  },
};
