/**
 * The names of rate sets (a version's rates, stored apart from its row, which points to them).
 * A set stored since the sets came is named `~` + the moment its upload began (base 36 ms) + `.`
 * + 12 random hex digits: `~` sorts after every plan name and no plan can have it, and the moment
 * tells a set cut short by a crash (no version points to it, long after it began) from one being
 * uploaded right now. A set stored before is named after its version's plan.
 */
import { randomBytes } from 'node:crypto';

const STAGED = '~';
const SEPARATOR = '.';

/** A new set's name, for an upload that begins at `now`. */
export function newRateSetName(now: Date = new Date()): string {
  return `${STAGED}${now.getTime().toString(36)}${SEPARATOR}${randomBytes(6).toString('hex')}`;
}

/**
 * When the upload of the set `name` began; undefined for a set named after a plan (stored before
 * sets had names of their own, and never uploaded since).
 */
export function rateSetBegan(name: string): Date | undefined {
  if (!name.startsWith(STAGED)) return undefined;
  const end = name.indexOf(SEPARATOR);
  const time = Number.parseInt(name.slice(STAGED.length, end), 36);
  return end < 0 || Number.isNaN(time) ? new Date(0) : new Date(time);
}
