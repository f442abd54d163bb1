/**
 * Runs one piece of work at a time, the others waiting their turn in order, each for at most
 * `maxWaitMs`: past that, `tooLong()` is thrown to it instead (a 503 for a request, say), and it
 * leaves the queue. For work that paces itself a slice a turn of the event loop: two of them at
 * once would put two slices in every turn, twenty of them twenty.
 */
export class OneAtATime {
  private running = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxWaitMs: number,
    private readonly tooLong: () => Error,
  ) {}

  /**
   * Runs `work` in its turn. When `signal` aborts (the client went away) before the turn comes,
   * it leaves the queue at once, rejected with the signal's reason, and what it held goes too.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.running) await this.turn(signal);
    else this.running = true;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running = false;
      else next();
    }
  }

  /** Resolves when the work before has handed the turn over (`running` stays true). */
  private turn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abandon);
      };
      const take = () => {
        settle();
        resolve();
      };
      const leave = (error: Error) => {
        settle();
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(error);
      };
      // A signal's reason is an Error unless its caller chose otherwise (by default an
      // AbortError DOMException).
      const abandon = () => leave(signal?.reason as Error);
      const timer = setTimeout(() => leave(this.tooLong()), this.maxWaitMs);
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiting.push(take);
    });
  }
}
