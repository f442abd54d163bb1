/**
 * The characters beyond Latin-1 that PDF's standard fonts can draw: their WinAnsi encoding
 * (Windows-1252) puts these where Latin-1 has control codes. Curly quotes and dashes, common in
 * reasons typed by people, so stay as they are.
 */
const WIN_ANSI_EXTRAS = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013,
  0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021,
  0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const LINE_BREAKS = /[\t\n\r\v\f\u0085\u2028\u2029]/;

/**
 * `text` as the standard fonts can show it: each other character (a letter of another script,
 * an emoji, a control code) becomes one `?`, each line break or tab a space. Composed first, so
 * that an `e` with a combining accent is the `é` the fonts have.
 */
export function pdfText(text: string): string {
  let shown = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRAS.has(code)
    ) {
      shown += char;
    } else {
      shown += LINE_BREAKS.test(char) ? ' ' : '?';
    }
  }
  return shown;
}
