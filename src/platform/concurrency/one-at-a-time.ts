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

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running) await this.turn();
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
  private turn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const take = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(this.tooLong());
      }, this.maxWaitMs);
      this.waiting.push(take);
    });
  }
}
