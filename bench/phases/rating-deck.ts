// The rating phase's large deck (issue 12): a CSV of 1,000,000 rates ("" and 999,999 prefixes) uploaded to a freshly started
// service as the default plan's next version: how long the upload takes, the service's own
// memory (VmRSS idle before; VmHWM, its peak, after), and then, with the deck in force, a PUT
// load dialling its prefixes and the peak memory under it.
import { bearer } from '../admin.js';
import { databaseName, freshDatabase } from '../database.js';
import { deckCsv, destinations, prefixes } from '../deck.js';
import { type Load, load, putRequests } from '../load.js';
import type { Options } from '../options.js';
import { sleep } from '../processes.js';
import { resetPeak, statusKb } from '../proc.js';
import { startServer, stopServer } from '../servers.js';
import { keyedEnv, serviceStart } from '../service.js';
import { log, num } from '../text.js';
import { uploadNextVersion } from './rating-versions.js';

export interface DeckFigures {
  /** Its rates: "" and the prefixes. */
  rates: number;
  csvMb: number;
  uploadSeconds: number;
  /** The service's own process, in MB. */
  idleRssMb: number;
  peakAfterUploadMb: number;
  rssAfterUploadMb: number;
  /** The PUT load with the deck in force, and the peak under it (from the upload's end). */
  put?: Load;
  peakUnderLoadMb?: number;
  checks: string[];
}

const mb = (kb: number) => kb / 1024;

export async function measureDeck(
  key: string,
  options: Options,
): Promise<DeckFigures> {
  const { settings } = options;
  const rates = settings.largeDeckRates;
  log(`  making a ${num(rates)}-rate deck`);
  const deck = prefixes(rates - 1, 7);
  const csv = deckCsv(deck, 8);
  const dialled = destinations(deck, 200_000, 9);
  const database = databaseName('rating_deck');
  await freshDatabase(database);
  const command = serviceStart();
  const server = await startServer('service-deck', command.argv, {
    ...keyedEnv(
      database,
      { ADMIN_API_KEYS: key },
      { BILLING_AUTO_CLOSE: 'false' },
    ),
    ...command.env,
  });
  const pid = server.child.pid ?? 0;
  try {
    // Idle: started, its first requests answered, a moment to settle.
    await sleep(3_000);
    const idleRssMb = mb(statusKb(pid, 'VmRSS'));
    resetPeak(pid);
    log(
      `  uploading the ${num(rates)}-rate deck (${num(csv.length / 1e6, 1)} MB of CSV)`,
    );
    const upload = await uploadNextVersion(server.url, key, csv, 60_000);
    const peakAfterUploadMb = mb(statusKb(pid, 'VmHWM'));
    await sleep(2_000);
    const rssAfterUploadMb = mb(statusKb(pid, 'VmRSS'));
    // From here VmHWM tells the peak under the load alone.
    resetPeak(pid);
    log(
      `    ${upload.seconds.toFixed(1)} s; RSS idle ${num(idleRssMb, 1)} MB, ` +
        `peak ${num(peakAfterUploadMb, 1)} MB, after ${num(rssAfterUploadMb, 1)} MB`,
    );
    const figures: DeckFigures = {
      rates,
      csvMb: csv.length / 1e6,
      uploadSeconds: upload.seconds,
      idleRssMb,
      peakAfterUploadMb,
      rssAfterUploadMb,
      checks: [
        `${upload.rateCount === rates ? 'ok' : 'WRONG'}: the ${num(rates)}-rate deck: ` +
          `${upload.status}, rate_count ${upload.rateCount} (expected ${rates}, prefix "" included)`,
      ],
    };
    await upload.inForce();
    log('  PUT calls dialling the deck, with it in force');
    figures.put = await load(
      server,
      putRequests(settings.users, {
        destinations: dialled,
        headers: bearer(key),
      }),
      settings.putSeconds,
      settings,
    );
    figures.peakUnderLoadMb = mb(statusKb(pid, 'VmHWM'));
    return figures;
  } finally {
    await stopServer(server);
  }
}
