/**
 * Table-driven checks of pure functions, for the unit specs: a test per input, with what the
 * function must answer for it.
 */

/** `fn` answers each row's output for its input (compared with `toEqual`). */
export function itMapsEach<I, O>(
  title: string,
  fn: (input: I) => O,
  rows: readonly (readonly [I, O])[],
): void {
  it.each(rows)(title, (input, output) => {
    expect(fn(input)).toEqual(output);
  });
}

/** `parse` refuses each of `texts`: it answers undefined. */
export function itRefusesEach(
  parse: (text: string) => unknown,
  texts: readonly string[],
  title = 'refuses "%s"',
): void {
  it.each(texts)(title, (text) => {
    expect(parse(text)).toBeUndefined();
  });
}
