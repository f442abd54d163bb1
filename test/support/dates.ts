/** Instants and months as the suites place and name them. */

/** An instant as the API writes it. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The UTC month of an instant, as `YYYY-MM` (the billing period of SPEC §3.2's default time zone). */
export const utcMonthOf = (instant: Date | string | number): string =>
  new Date(instant).toISOString().slice(0, 7);

/** The UTC month `months` before this one, as `YYYY-MM`. */
export function monthsAgo(months: number): string {
  const now = new Date();
  return utcMonthOf(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1),
  );
}

/**
 * The whole second `seconds` after now, in ms: far enough ahead that a version placed there is
 * not yet in force when it is stored, near enough that calls may start there (SPEC: at most 5
 * minutes ahead of the service's clock).
 */
export function secondsAhead(seconds: number): number {
  return Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000;
}

/** A time far enough ahead that a version or assignment there is never in force in a test. */
export const FUTURE = '2100-01-01T00:00:00.000Z';
export const LATER = '2101-06-01T12:30:00.000Z';
