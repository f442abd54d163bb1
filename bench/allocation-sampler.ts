// Preloaded into a server by `npm run bench -- --profile=DIR --allocations` (node --import): V8's
// sampling heap profiler, counting the objects that garbage collection has already taken too, so
// that a window's profile holds everything allocated in it, not only what is still alive. Each
// SIGUSR2 starts a window or ends it; an ended window is written to
// $BENCH_ALLOCATIONS_PREFIX-<n>.heapprofile (n from 1), then its `.done` file appears.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const prefix = process.env.BENCH_ALLOCATIONS_PREFIX ?? '/tmp/allocations';
/** Bytes between samples, on average: small enough for a request's few dozen KB. */
const SAMPLING_INTERVAL = 1024;

const session = new Session();
session.connect();
let sampling = false;
let windows = 0;

process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    session.post('HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_INTERVAL,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  sampling = false;
  const path = `${prefix}-${++windows}.heapprofile`;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error === null) writeFileSync(path, JSON.stringify(result.profile));
    writeFileSync(`${path}.done`, error === null ? '' : String(error));
  });
});
