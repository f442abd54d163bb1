/** What became of one request of a batch. */
export type Settled<O> = { readonly value: O } | { readonly error: unknown };

export interface RequestBatcherOptions {
  /** Most requests one batch takes. */
  readonly maxBatchSize: number;
  /** Batches in flight at once; the requests that arrive meanwhile gather for the next. */
  readonly maxInFlight: number;
}

/** One request waiting for the batch that will carry its work. */
interface Pending<I, O> {
  readonly input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

/**
 * Requests that arrive while earlier batches are in flight wait together and go in the next
 * batch, so that a burst of N requests costs a few database round trips instead of N: a group
 * commit for writes, one statement for many reads. An idle service sends a lone request at once
 * (no timer, no fixed wait). A batch is only started after every request in it arrived, so it
 * sees every write acknowledged before any of them. `run` answers each input of its batch, in
 * order; if it throws, every request of the batch gets its error.
 */
export class RequestBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (inputs: I[]) => Promise<Settled<O>[]>,
    private readonly options: RequestBatcherOptions,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.inFlight++;
      this.run(batch.map(({ input }) => input)).then(
        (outcomes) => this.finish(batch, outcomes),
        (error: unknown) =>
          this.finish(
            batch,
            batch.map(() => ({ error })),
          ),
      );
    }
  }

  /**
   * Starts the next batch, then answers this one's requests. Answering them (their handlers,
   * their responses) holds the event loop for a while, and the database would sit idle
   * meanwhile: the answers wait for the next turn of the loop, by when the next batch's first
   * statement is on its way (docs/performance.md).
   */
  private finish(batch: Pending<I, O>[], outcomes: Settled<O>[]): void {
    this.inFlight--;
    this.drain();
    setImmediate(() => {
      batch.forEach((pending, index) => {
        const outcome = outcomes[index] ?? {
          error: new Error('the batch gave no answer for this request'),
        };
        if ('value' in outcome) pending.resolve(outcome.value);
        else pending.reject(outcome.error);
      });
    });
  }
}
