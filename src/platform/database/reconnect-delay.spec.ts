import { reconnectDelay } from './reconnect-delay.js';

describe('reconnectDelay', () => {
  it.each([
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [4, 4_000],
    [5, 5_000],
    [6, 5_000],
    [1_000, 5_000],
  ])('after %p failures waits %p ms', (failures, expected) => {
    expect(reconnectDelay(failures)).toBe(expected);
  });

  it('follows the policy it is given', () => {
    const policy = { firstDelayMs: 10, maxDelayMs: 25 };

    expect([1, 2, 3, 4].map((n) => reconnectDelay(n, policy))).toEqual([
      10, 20, 25, 25,
    ]);
  });
});
