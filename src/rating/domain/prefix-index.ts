/**
 * Longest-prefix match over up to a million digit prefixes: the rate lookup of every recorded
 * call. A Map of strings would cost ~100 bytes a prefix; here a prefix costs about 13 bytes in
 * typed arrays, which the garbage collector never has to walk.
 *
 * A prefix is its key (`prefix-keys.ts`: "1" and its digits, exact in a double), kept in the
 * segment of its length: "0044" and "44" are 10044 and 144, in segments 4 and 2. Each segment
 * is sorted and cut into buckets of equal key ranges between its least and greatest key, about
 * four prefixes a bucket: a lookup reads one bucket bound and searches a cache line or two per
 * length, instead of a binary search through megabytes not in cache.
 *
 * The build is a generator that yields between bounded steps (`sorted-keys.ts`), so that the
 * caller can let other work run between them.
 */
import { duplicatePrefix, keyOfValue, prefixOfKey } from './prefix-keys.js';
import { SortedKeys, STEP } from './sorted-keys.js';

const MAX_DIGITS = 15;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const BUCKET_FILL = 4;
// Read once: inside a vm sandbox (jest runs every spec in one) each read of the global `Math`
// goes through a slow interceptor, which makes these million-step loops many times slower.
const { floor, min: least } = Math;

export class PrefixIndex {
  /** Scratch for the destination's prefix keys; lookups never overlap, so one is enough. */
  private readonly probe = new Float64Array(MAX_DIGITS + 1);

  private constructor(
    /** Prefix keys by slot, sorted (so segment by segment); segment 0 holds "". */
    private readonly keys: Float64Array,
    /** The position, in the keys given to build, of the prefix in each slot. */
    private readonly positions: Int32Array,
    private readonly segments: SegmentBuckets,
    private readonly emptyPosition: number,
  ) {}

  get size(): number {
    return this.positions.length;
  }

  /**
   * The index of the first `count` of `keys` (each that of "" or 1–15 digits), answering
   * positions into them. A prefix given twice is a RangeError naming both positions (the first
   * such in order of length, then value). A generator: see `sorted-keys.ts`.
   */
  static *build(
    keys: Float64Array,
    count: number,
    step = STEP,
  ): Generator<void, PrefixIndex> {
    const sorted = yield* SortedKeys.of(keys, count, step);
    yield* sorted.duplicates((first, again) => {
      throw duplicatePrefix(prefixOfKey(keys[again]), first, again);
    }, step);
    return yield* PrefixIndex.over(sorted, step);
  }

  /** The index of keys sorted already, none given twice. */
  static *over(sorted: SortedKeys, step = STEP): Generator<void, PrefixIndex> {
    const { keys, positions, starts } = sorted;
    const segments = yield* SegmentBuckets.over(keys, starts, step);
    return new PrefixIndex(
      keys,
      positions,
      segments,
      starts[1] > 0 ? positions[0] : -1,
    );
  }

  /**
   * The position of the longest prefix of `digits` (1–15 digits, or "" for no destination), or
   * of "" when none matches; -1 when there is no "" either.
   */
  longestMatch(digits: string): number {
    const length = digits.length;
    if (length > MAX_DIGITS) throw badDestination(digits);
    const probe = this.probe;
    let value = 0;
    for (let i = 0; i < length; i++) {
      const code = digits.charCodeAt(i);
      if (code < DIGIT_0 || code > DIGIT_9) throw badDestination(digits);
      value = value * 10 + (code - DIGIT_0);
      probe[i + 1] = keyOfValue(value, i + 1);
    }
    const keys = this.keys;
    const { min, max, scale, base, bounds } = this.segments;
    for (let n = length; n >= 1; n--) {
      const target = probe[n];
      // An empty segment has min > max, so this skips it too.
      if (target < min[n] || target > max[n]) continue;
      const bucket = base[n] + floor((target - min[n]) * scale[n]);
      let low = bounds[bucket];
      let high = bounds[bucket + 1] - 1;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const found = keys[mid];
        if (found < target) low = mid + 1;
        else if (found > target) high = mid - 1;
        else return this.positions[mid];
      }
    }
    return this.emptyPosition;
  }
}

/**
 * Per segment n: its key range [min, max] and buckets; a key k lies in bucket
 * base[n] + floor((k − min) × scale), whose slots are [bounds[b], bounds[b + 1]). Build and
 * lookup compute the bucket with the same floating expression, and it is monotone in k (a
 * product by a positive constant and a floor never reorder), so sorted slots fall into buckets
 * in order. The one spare bucket per segment takes a product that rounds up to the count.
 */
class SegmentBuckets {
  private constructor(
    readonly min: Float64Array,
    readonly max: Float64Array,
    readonly scale: Float64Array,
    readonly base: Int32Array,
    readonly bounds: Int32Array,
  ) {}

  static *over(
    keys: Float64Array,
    starts: Int32Array,
    step: number,
  ): Generator<void, SegmentBuckets> {
    const min = new Float64Array(MAX_DIGITS + 1).fill(Infinity);
    const max = new Float64Array(MAX_DIGITS + 1).fill(-Infinity);
    const scale = new Float64Array(MAX_DIGITS + 1);
    const base = new Int32Array(MAX_DIGITS + 2);
    for (let n = 1; n <= MAX_DIGITS; n++) {
      const size = starts[n + 1] - starts[n];
      const buckets = Math.ceil(size / BUCKET_FILL) + 1;
      base[n + 1] = base[n] + buckets;
      if (size === 0) continue;
      min[n] = keys[starts[n]];
      max[n] = keys[starts[n + 1] - 1];
      scale[n] = (buckets - 1) / (max[n] - min[n] + 1);
    }
    const bounds = new Int32Array(base[MAX_DIGITS + 1] + 1);
    for (let n = 1; n <= MAX_DIGITS; n++) {
      let slot = starts[n];
      for (let from = base[n]; from < base[n + 1]; from += step) {
        const to = least(base[n + 1], from + step);
        for (let b = from; b < to; b++) {
          const bucket = b - base[n];
          while (
            slot < starts[n + 1] &&
            floor((keys[slot] - min[n]) * scale[n]) < bucket
          ) {
            slot++;
          }
          bounds[b] = slot;
        }
        yield;
      }
    }
    bounds[base[MAX_DIGITS + 1]] = starts[MAX_DIGITS + 1];
    return new SegmentBuckets(min, max, scale, base, bounds);
  }
}

function badDestination(digits: string): RangeError {
  return new RangeError(
    `destination must be "" or 1–15 digits, got ${JSON.stringify(digits)}`,
  );
}
