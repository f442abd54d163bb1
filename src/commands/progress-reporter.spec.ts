import {
  describe as describeProgress,
  progressReporter,
} from './progress-reporter.js';

const summary = {
  rows: 50_000,
  inserted: 49_000,
  duplicates: 500,
  rejected: 500,
};

describe('describe (progress line)', () => {
  it('shows the bar, rows, rate and ETA', () => {
    expect(describeProgress(summary, 25, 100, 10)).toBe(
      '[########......................] 25% 50,000 rows, 5,000 rows/s, ETA 30s',
    );
  });

  it('shows no ETA when done', () => {
    expect(describeProgress(summary, 100, 100, 10)).toMatch(/100% .* ETA -$/);
  });
});

/** A reporter writing to a terminal or not, what it wrote, and the clock it reads. */
function reporterOn(isTTY: boolean) {
  const written: string[] = [];
  const clock = { ms: 0 };
  const reporter = progressReporter(
    { isTTY, write: (text) => written.push(text) },
    () => clock.ms,
  );
  return { written, clock, reporter };
}

describe('progressReporter', () => {
  it('redraws one line in place on a terminal and shows completion once', () => {
    const { written, clock, reporter } = reporterOn(true);

    clock.ms = 1_000;
    reporter.progress(summary, 50, 100);
    clock.ms = 1_050;
    reporter.progress(summary, 60, 100);
    clock.ms = 2_000;
    reporter.progress(summary, 100, 100);
    reporter.progress(summary, 100, 100);
    reporter.done();

    expect(written.filter((text) => text.startsWith('\r'))).toHaveLength(2);
    expect(written.at(-1)).toBe('\n');
  });

  it('writes plain lines every few seconds when not on a terminal', () => {
    const { written, clock, reporter } = reporterOn(false);

    for (clock.ms = 1_000; clock.ms <= 11_000; clock.ms += 1_000)
      reporter.progress(summary, clock.ms / 1_000, 100);
    reporter.rejected(7, 'call_duration must be an integer');

    expect(written.filter((text) => text.includes('rows/s'))).toHaveLength(2);
    expect(written).toContain(
      'line 7: rejected: call_duration must be an integer\n',
    );
    expect(written.every((text) => !text.includes('\r'))).toBe(true);
  });
});
