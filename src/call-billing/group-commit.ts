/** One request waiting for the transaction that will hold its work. */
export interface Pending<I, O> {
  readonly input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Most requests one transaction takes. */
  readonly maxGroupSize: number;
  /** Transactions in flight at once; the requests that arrive meanwhile gather for the next. */
  readonly maxInFlight: number;
}

/**
 * Group commit: requests that arrive while a transaction is being committed wait together and go
 * in the next one, so that a burst of N requests costs a few commits instead of N. An idle
 * service sends a lone request at once (no timer, no fixed wait). `write` must settle every
 * pending request of its group: each is answered only after the transaction holding it committed.
 */
export class GroupCommit<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: (group: Pending<I, O>[]) => Promise<void>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.drain();
    });
  }

  /** Requests waiting for a transaction, for metrics and tests. */
  get waiting(): number {
    return this.queue.length;
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, this.options.maxGroupSize);
      this.inFlight++;
      this.write(group)
        .catch((error: unknown) => {
          // `write` should have answered everyone; anyone it left waiting gets its error.
          for (const pending of group) pending.reject(error);
        })
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
  }
}
