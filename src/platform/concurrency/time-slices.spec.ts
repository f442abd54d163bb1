import { turnsDuring } from '../../../test/support/spec/event-loop-turns.js';
import { finishInSlices, TimeSlices } from './time-slices.js';

function* counting(steps: number): Generator<void, number> {
  for (let step = 0; step < steps; step++) yield;
  return steps;
}

describe('TimeSlices', () => {
  it('yields to the event loop once a slice has run its time', async () => {
    const slices = new TimeSlices(0);
    const turns = await turnsDuring(async () => {
      for (let step = 0; step < 5; step++) await slices.pause();
    });
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('does not yield within a slice', async () => {
    const slices = new TimeSlices(60_000);
    const turns = await turnsDuring(async () => {
      for (let step = 0; step < 5; step++) await slices.pause();
    });
    expect(turns).toBe(0);
  });
});

describe('finishInSlices', () => {
  it("answers the generator's value, letting the event loop turn between its steps", async () => {
    let result = 0;
    const turns = await turnsDuring(async () => {
      result = await finishInSlices(counting(5), new TimeSlices(0));
    });
    expect(result).toBe(5);
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('runs a short computation in one turn', async () => {
    let result = 0;
    const turns = await turnsDuring(async () => {
      result = await finishInSlices(counting(5), new TimeSlices(60_000));
    });
    expect(result).toBe(5);
    expect(turns).toBe(0);
  });
});
