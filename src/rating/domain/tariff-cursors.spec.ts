import {
  decodePlanCursor,
  decodePrefixCursor,
  encodePlanCursor,
  encodePrefixCursor,
} from './tariff-cursors.js';

describe('tariff listing cursors', () => {
  it.each(['default', 'gold-2026', 'a'])('round-trips plan %p', (plan) => {
    expect(decodePlanCursor(encodePlanCursor(plan))).toBe(plan);
  });

  it.each(['', '0', '44', '123456789012345'])(
    'round-trips prefix %p',
    (prefix) => {
      expect(decodePrefixCursor(encodePrefixCursor(prefix))).toBe(prefix);
    },
  );

  it.each([
    ['another listing’s cursor', encodePrefixCursor('44')],
    ['a bad plan', Buffer.from('plan:Gold').toString('base64url')],
    ['stray characters', `${encodePlanCursor('default')}!`],
    ['nothing', ''],
    ['plain text', 'default'],
  ])('refuses %s as a plan cursor', (_, cursor) => {
    expect(decodePlanCursor(cursor)).toBeUndefined();
  });

  it.each([
    ['a plan cursor', encodePlanCursor('default')],
    ['a prefix with a letter', Buffer.from('prefix:4a').toString('base64url')],
    [
      '16 digits',
      Buffer.from(`prefix:${'1'.repeat(16)}`).toString('base64url'),
    ],
  ])('refuses %s as a prefix cursor', (_, cursor) => {
    expect(decodePrefixCursor(cursor)).toBeUndefined();
  });
});
