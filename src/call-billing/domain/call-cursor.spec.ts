import { decodeCursor, encodeCursor } from './call-cursor.js';

describe('call cursors', () => {
  it('round-trips a position', () => {
    const position = {
      createdAt: new Date('2026-11-24T10:15:30.123Z'),
      id: '9007199254740993',
    };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    '',
    'abc',
    'MTIz',
    encodeCursor({ createdAt: new Date(0), id: '1' }) + '!',
    '%%%',
  ])('refuses "%s"', (cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
