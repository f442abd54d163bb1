import { LineBatcher, type LineSink } from './line-batcher.js';

class RecordingSink implements LineSink {
  readonly written: string[] = [];
  flushes = 0;
  syncFlushes = 0;

  write(text: string): boolean {
    this.written.push(text);
    return true;
  }

  flush(callback?: (error?: Error) => void): void {
    this.flushes++;
    callback?.();
  }

  flushSync(): void {
    this.syncFlushes++;
  }
}

describe('LineBatcher', () => {
  it('hands lines on joined, in order, once a batch is long enough', () => {
    const sink = new RecordingSink();
    const batcher = new LineBatcher(sink, 10);

    batcher.write('abcd\n');
    batcher.write('efg\n');
    expect(sink.written).toEqual([]);
    batcher.write('hi\n');
    expect(sink.written).toEqual(['abcd\nefg\nhi\n']);
    batcher.write('a line longer than a batch\n');
    expect(sink.written).toEqual([
      'abcd\nefg\nhi\n',
      'a line longer than a batch\n',
    ]);
  });

  it('hands on a partial batch when flushed, and every line exactly once', () => {
    const sink = new RecordingSink();
    const batcher = new LineBatcher(sink, 1000);
    let flushed = false;

    batcher.write('one\n');
    batcher.flush(() => (flushed = true));
    batcher.write('two\n');
    batcher.flushSync();
    batcher.flush();

    expect(sink.written).toEqual(['one\n', 'two\n']);
    expect(flushed).toBe(true);
    expect([sink.flushes, sink.syncFlushes]).toEqual([2, 1]);
  });
});
