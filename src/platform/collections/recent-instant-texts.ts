/**
 * The text of an instant, remembered for the last two instants asked: the calls of one group
 * share their recording instant (created, updated and, by default, started at) and mostly one
 * rate version, so writing a group's calls repeats one of two instants, and formatting a Date
 * allocates a new string each time.
 */
export class RecentInstantTexts {
  private readonly times = [Number.NaN, Number.NaN];
  private readonly texts = ['', ''];
  private next = 0;

  constructor(private readonly format: (instant: Date) => string) {}

  of(instant: Date): string {
    const time = instant.getTime();
    if (time === this.times[0]) return this.texts[0];
    if (time === this.times[1]) return this.texts[1];
    const text = this.format(instant);
    this.times[this.next] = time;
    this.texts[this.next] = text;
    this.next = 1 - this.next;
    return text;
  }
}
