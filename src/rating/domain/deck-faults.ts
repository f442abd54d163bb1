/**
 * The faults of a deck being read: the first {@link MAX_LISTED_FAULTS} named, in the order the
 * rates come, and all counted. A prefix given twice is found after the read, by sorting the
 * prefixes (`sorted-keys.ts`), not with a hash of every prefix held while reading: such a fault
 * is then put where the read would have met it, after the other faults of its item.
 */
import type { FieldError } from '../../platform/errors/problem.js';
import { prefixOfKey } from './prefix-keys.js';

/** The most faults a deck's answer names; all are counted (`errors_omitted`). */
export const MAX_LISTED_FAULTS = 10;

/** Where a fault falls among those of its item: one of its fields, then its prefix given twice. */
export const FIELD = 0;
const DUPLICATE = 1;
/** A fault of the body met after the item (a syntax fault; the options, after every item). */
export const AFTER = 2;

interface Placed {
  readonly fault: FieldError;
  readonly item: number;
  readonly rank: number;
}

/** A prefix given again, by item numbers and key: named only if it is among the first. */
interface Duplicate {
  readonly item: number;
  readonly first: number;
  readonly key: number;
}

export class DeckFaults {
  /** The first faults other than duplicates, in the order they were met. */
  private readonly listed: Placed[] = [];
  private count = 0;
  /** The duplicates of the lowest items, by item. */
  private readonly duplicates: Duplicate[] = [];
  private duplicateCount = 0;

  /** @param labelOf names item `n`: `rates[3]`, `lines[5]`. */
  constructor(readonly labelOf: (n: number) => string) {}

  /** Whether a fault other than a duplicate was met (duplicates are known after the read). */
  get any(): boolean {
    return this.count > 0;
  }

  get total(): number {
    return this.count + this.duplicateCount;
  }

  /** A fault met at `item` (or after the last item, for {@link AFTER}). */
  add(fault: FieldError, item: number, rank: number): void {
    this.count++;
    if (this.listed.length < MAX_LISTED_FAULTS)
      this.listed.push({ fault, item, rank });
  }

  /** The prefix of `key` at item `item`, given first at item `first`. */
  duplicate(item: number, first: number, key: number): void {
    this.duplicateCount++;
    const kept = this.duplicates;
    if (kept.length === MAX_LISTED_FAULTS && item >= kept[kept.length - 1].item)
      return;
    let at = kept.length;
    while (at > 0 && kept[at - 1].item > item) at--;
    kept.splice(at, 0, { item, first, key });
    if (kept.length > MAX_LISTED_FAULTS) kept.pop();
  }

  /** The faults to name, in the order the read met them. */
  list(): FieldError[] {
    const named: Placed[] = this.duplicates.map(({ item, first, key }) => {
      const label = this.labelOf(item);
      return {
        fault: {
          field: `${label}.prefix`,
          message: `prefix "${prefixOfKey(key)}" is given twice: first at ${this.labelOf(first)}`,
        },
        item,
        rank: DUPLICATE,
      };
    });
    // Both lists are in order already, and a sort keeps equal places in their order.
    return [...this.listed, ...named]
      .sort((a, b) => a.item - b.item || a.rank - b.rank)
      .slice(0, MAX_LISTED_FAULTS)
      .map(({ fault }) => fault);
  }
}
