/** What the batcher hands its batches to: sonic-boom, as `pino.destination` makes it. */
export interface LineSink {
  write(text: string): boolean;
  flush(callback?: (error?: Error) => void): void;
  flushSync(): void;
}

/**
 * Gathers log lines and hands them on joined, about `batchLength` characters at a time, so that
 * the sink gets one string per batch. sonic-boom's own buffering appends each line to the string
 * it holds and then measures that string's byte length, which flattens it: a copy of the whole
 * buffer per line, a few KB of garbage per request at 16 KB buffers.
 */
export class LineBatcher {
  private lines: string[] = [];
  private length = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly batchLength: number,
  ) {}

  write(line: string): boolean {
    this.lines.push(line);
    this.length += line.length;
    if (this.length >= this.batchLength) this.pass();
    return true;
  }

  /** Hands on what is gathered, then has the sink write it out. */
  flush(callback?: (error?: Error) => void): void {
    this.pass();
    this.sink.flush(callback);
  }

  /** The same, synchronously: for the process's exit. */
  flushSync(): void {
    this.pass();
    this.sink.flushSync();
  }

  private pass(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.length = 0;
    this.sink.write(text);
  }
}
