import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long synchronous work cut into slices of about `budgetMs`: the work calls `pause()` between
 * two steps, which yields to the event loop (other requests, I/O) once the slice has run its
 * time. Timed rather than counted, so a slice stays short on a slow or busy machine too.
 */
export class TimeSlices {
  private sliceStart = performance.now();

  constructor(private readonly budgetMs = 2) {}

  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}

/**
 * Runs `steps` to its end and answers what it returns: a computation written as a generator
 * that yields between bounded pieces of work (a pure function need not know about the event
 * loop), paused between them as `slices` says.
 */
export async function finishInSlices<T>(
  steps: Iterator<unknown, T>,
  slices = new TimeSlices(),
): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await slices.pause();
  }
}
