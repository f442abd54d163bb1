import { requestIdFrom } from './request-id.js';

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it.each(['abc-123', 'a', 'x'.repeat(128), '!~', 'req:42/retry=1'])(
    'keeps the sane header %p',
    (header) => {
      expect(requestIdFrom(header)).toBe(header);
    },
  );

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['with a space', 'a b'],
    ['with a line break', 'a\nfake log line'],
    ['not ASCII', 'ïd'],
    ['repeated', ['a', 'b']],
  ])('replaces a %s header with a new UUID', (_case, header) => {
    expect(requestIdFrom(header)).toMatch(UUID);
  });

  it('generates a different id each time', () => {
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
