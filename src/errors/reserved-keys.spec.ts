import { reservedKeyErrors } from './reserved-keys.js';

describe('reservedKeyErrors', () => {
  it('finds reserved keys at any depth, named by path', () => {
    const body = JSON.parse(
      '{"constructor":{},"calls":[{"user_name":"a"},{"prototype":1,"x":{"__proto__":{}}}]}',
    ) as unknown;

    expect(reservedKeyErrors(body).map((error) => error.field)).toEqual([
      'constructor',
      'calls[1].prototype',
      'calls[1].x.__proto__',
    ]);
  });

  it.each([{ call_duration: 1 }, [1, 'a'], null, 5, 'constructor'])(
    'finds none in %p',
    (body) => {
      expect(reservedKeyErrors(body)).toEqual([]);
    },
  );
});
