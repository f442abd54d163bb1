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

  it.each(['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'])(
    'finds the inherited name %s',
    (key) => {
      expect(reservedKeyErrors(JSON.parse(`{"${key}": 1}`))).toEqual([
        { field: key, message: `property ${key} should not exist` },
      ]);
    },
  );

  it.each([{ call_duration: 1 }, [1, 'a'], null, 5, 'constructor'])(
    'finds none in %p',
    (body) => {
      expect(reservedKeyErrors(body)).toEqual([]);
    },
  );
});
