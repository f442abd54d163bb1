/** One request waiting for the batch that will carry its work. */
export interface Pending<I, O> {
  readonly input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

export interface RequestBatcherOptions {
  /** Most requests one batch takes. */
  readonly maxBatchSize: number;
  /** Batches in flight at once; the requests that arrive meanwhile gather for the next. */
  readonly maxInFlight: number;
}

/**
 * Requests that arrive while earlier batches are in flight wait together and go in the next
 * batch, so that a burst of N requests costs a few database round trips instead of N: a group
 * commit for writes, one statement for many reads. An idle service sends a lone request at once
 * (no timer, no fixed wait). A batch is only started after every request in it arrived, so it
 * sees every write acknowledged before any of them. `run` must settle every pending request of
 * its batch.
 */
export class RequestBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (batch: Pending<I, O>[]) => Promise<void>,
    private readonly options: RequestBatcherOptions,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.drain();
    });
  }

  /** Requests waiting for a batch, for metrics and tests. */
  get waiting(): number {
    return this.queue.length;
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.inFlight++;
      this.run(batch)
        .catch((error: unknown) => {
          // `run` should have answered everyone; anyone it left waiting gets its error.
          for (const pending of batch) pending.reject(error);
        })
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
  }
}
