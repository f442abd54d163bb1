// --profile: the service under `node --cpu-prof`, once under the PUT load and once under the GET
// load of the large user (profiled.ts); with --only=rating, the rating phase's loads instead
// (profile-rating.ts).
import { databaseName, freshDatabase } from './database.js';
import { billRequests, putRequests } from './load.js';
import type { Settings } from './options.js';
import { type ProfileKind, profiled } from './profiled.js';
import { LARGE_USER, seed } from './seed.js';
import { serviceEnv, serviceStart } from './service.js';
import { log } from './text.js';

export async function profile(
  dir: string,
  settings: Settings,
  kind: ProfileKind,
): Promise<void> {
  const database = databaseName('profile');
  await freshDatabase(database);
  await seed(database, settings.largeUserCalls);
  const command = serviceStart();
  const env = { ...serviceEnv(database), ...command.env };
  // A process per load, as before: each profile holds one load only.
  for (const [label, requests, seconds] of [
    ['put', putRequests(settings.users), settings.putSeconds],
    ['get', billRequests(LARGE_USER), settings.getSeconds],
  ] as const) {
    await profiled(
      {
        name: label,
        argv: command.argv,
        env,
        loads: [{ label, requests, seconds }],
      },
      dir,
      settings,
      kind,
    );
  }
  log(`\nprofiles and summaries in ${dir}`);
}
