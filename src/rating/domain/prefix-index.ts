/**
 * Longest-prefix match over up to a million digit prefixes: the rate lookup of every recorded
 * call. A Map of strings would cost ~100 bytes a prefix; here a prefix costs about 17 bytes in
 * typed arrays, which the garbage collector never has to walk.
 *
 * A prefix of n digits is the integer it spells (15 digits < 2^53, so a double holds it
 * exactly), kept in the segment of its length: "0044" and "44" are 44 in segments 4 and 2.
 * Each segment is sorted and cut into buckets of equal value ranges between its least and
 * greatest prefix, about four prefixes a bucket: a lookup reads one bucket bound and searches a
 * cache line or two per length, instead of a binary search through megabytes not in cache.
 */

const MAX_DIGITS = 15;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const BUCKET_FILL = 4;
/** Radix of the build's sort: 2^13 counters stay in the first-level cache. */
const RADIX = 8192;
// Read once: inside a vm sandbox (jest runs every spec in one) each read of the global `Math`
// goes through a slow interceptor, which makes these million-step loops many times slower.
const { floor } = Math;

export class PrefixIndex {
  /** Scratch for the destination's prefix values; lookups never overlap, so one is enough. */
  private readonly probe = new Float64Array(MAX_DIGITS + 1);

  private constructor(
    /** Prefix values by slot, sorted within each segment; segment 0 holds "". */
    private readonly values: Float64Array,
    /** The position, in the list given to build, of the prefix in each slot. */
    private readonly positions: Int32Array,
    /** The inverse: the slot of each position. */
    private readonly slots: Int32Array,
    /** Segment n (prefixes of n digits) is the slots [starts[n], starts[n + 1]). */
    private readonly starts: Int32Array,
    private readonly segments: SegmentBuckets,
    private readonly emptyPosition: number,
  ) {}

  get size(): number {
    return this.slots.length;
  }

  /** `prefixes[i]` is "" or 1–15 digits, unique; the index answers positions into this list. */
  static build(prefixes: readonly string[]): PrefixIndex {
    const count = prefixes.length;
    const lengths = new Uint8Array(count);
    const raw = new Float64Array(count);
    const starts = new Int32Array(MAX_DIGITS + 2);
    let emptyPosition = -1;
    for (let position = 0; position < count; position++) {
      const prefix = prefixes[position];
      const value = prefixValue(prefix);
      if (value < 0) {
        throw new RangeError(
          `prefix ${position} must be "" or 1–15 digits, got ${JSON.stringify(prefix)}`,
        );
      }
      if (prefix.length === 0) {
        if (emptyPosition >= 0) {
          throw duplicate(prefix, emptyPosition, position);
        }
        emptyPosition = position;
      }
      lengths[position] = prefix.length;
      raw[position] = value;
      starts[prefix.length + 1]++;
    }
    for (let n = 1; n <= MAX_DIGITS + 1; n++) starts[n] += starts[n - 1];

    const positions = new Int32Array(count);
    const values = new Float64Array(count);
    const fill = starts.slice();
    for (let position = 0; position < count; position++) {
      const slot = fill[lengths[position]]++;
      positions[slot] = position;
      values[slot] = raw[position];
    }
    // A radix sort, not a comparison sort: linear whatever order the deck arrives in, where a
    // comparator called twenty million times for a million prefixes dominates the build.
    const sorter = new RadixSorter(count);
    for (let n = 1; n <= MAX_DIGITS; n++) {
      sorter.sort(values, positions, starts[n], starts[n + 1]);
    }

    const slots = new Int32Array(count);
    for (let slot = 0; slot < count; slot++) {
      const position = positions[slot];
      slots[position] = slot;
      if (
        slot > starts[lengths[position]] &&
        values[slot - 1] === values[slot]
      ) {
        throw duplicate(prefixes[position], positions[slot - 1], position);
      }
    }
    return new PrefixIndex(
      values,
      positions,
      slots,
      starts,
      SegmentBuckets.over(values, starts),
      emptyPosition,
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
      probe[i + 1] = value;
    }
    const values = this.values;
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
        const found = values[mid];
        if (found < target) low = mid + 1;
        else if (found > target) high = mid - 1;
        else return this.positions[mid];
      }
    }
    return this.emptyPosition;
  }

  /** The prefix text at position i (as given). */
  prefixAt(position: number): string {
    if (!Number.isInteger(position) || position < 0 || position >= this.size) {
      throw new RangeError(`no prefix at position ${position}`);
    }
    const slot = this.slots[position];
    let length = 0;
    while (slot >= this.starts[length + 1]) length++;
    if (length === 0) return '';
    // Integers below 2^53 print as plain digits, never in exponent form.
    return String(this.values[slot]).padStart(length, '0');
  }
}

/**
 * Per segment n: its value range [min, max] and buckets; a value v lies in bucket
 * base[n] + floor((v − min) × scale), whose slots are [bounds[b], bounds[b + 1]). Build and
 * lookup compute the bucket with the same floating expression, and it is monotone in v (a
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

  static over(values: Float64Array, starts: Int32Array): SegmentBuckets {
    const min = new Float64Array(MAX_DIGITS + 1).fill(Infinity);
    const max = new Float64Array(MAX_DIGITS + 1).fill(-Infinity);
    const scale = new Float64Array(MAX_DIGITS + 1);
    const base = new Int32Array(MAX_DIGITS + 2);
    for (let n = 1; n <= MAX_DIGITS; n++) {
      const size = starts[n + 1] - starts[n];
      const buckets = Math.ceil(size / BUCKET_FILL) + 1;
      base[n + 1] = base[n] + buckets;
      if (size === 0) continue;
      min[n] = values[starts[n]];
      max[n] = values[starts[n + 1] - 1];
      scale[n] = (buckets - 1) / (max[n] - min[n] + 1);
    }
    const bounds = new Int32Array(base[MAX_DIGITS + 1] + 1);
    for (let n = 1; n <= MAX_DIGITS; n++) {
      let slot = starts[n];
      for (let b = base[n]; b < base[n + 1]; b++) {
        const bucket = b - base[n];
        while (
          slot < starts[n + 1] &&
          floor((values[slot] - min[n]) * scale[n]) < bucket
        ) {
          slot++;
        }
        bounds[b] = slot;
      }
    }
    bounds[base[MAX_DIGITS + 1]] = starts[MAX_DIGITS + 1];
    return new SegmentBuckets(min, max, scale, base, bounds);
  }
}

/** LSD radix sort of (value, position) pairs by value, 13 bits a pass above the least value. */
class RadixSorter {
  private readonly counts = new Int32Array(RADIX + 1);
  private readonly spareValues: Float64Array;
  private readonly sparePositions: Int32Array;

  constructor(capacity: number) {
    this.spareValues = new Float64Array(capacity);
    this.sparePositions = new Int32Array(capacity);
  }

  sort(
    values: Float64Array,
    positions: Int32Array,
    from: number,
    to: number,
  ): void {
    if (to - from < 2) return;
    let least = values[from];
    let greatest = least;
    for (let i = from + 1; i < to; i++) {
      const value = values[i];
      if (value < least) least = value;
      else if (value > greatest) greatest = value;
    }
    const counts = this.counts;
    let [fromValues, toValues] = [values, this.spareValues];
    let [fromPositions, toPositions] = [positions, this.sparePositions];
    // Dividing by a power of two is exact, so every digit is exact for values below 2^53.
    for (let divisor = 1; divisor <= greatest - least; divisor *= RADIX) {
      counts.fill(0);
      for (let i = from; i < to; i++) {
        counts[(floor((fromValues[i] - least) / divisor) % RADIX) + 1]++;
      }
      counts[0] = from;
      for (let d = 1; d <= RADIX; d++) counts[d] += counts[d - 1];
      for (let i = from; i < to; i++) {
        const digit = floor((fromValues[i] - least) / divisor) % RADIX;
        const slot = counts[digit]++;
        toValues[slot] = fromValues[i];
        toPositions[slot] = fromPositions[i];
      }
      [fromValues, toValues] = [toValues, fromValues];
      [fromPositions, toPositions] = [toPositions, fromPositions];
    }
    if (fromValues !== values) {
      values.set(fromValues.subarray(from, to), from);
      positions.set(fromPositions.subarray(from, to), from);
    }
  }
}

/** The integer a prefix spells, or -1 when it is not "" or 1–15 digits. */
function prefixValue(prefix: unknown): number {
  if (typeof prefix !== 'string' || prefix.length > MAX_DIGITS) return -1;
  let value = 0;
  for (let i = 0; i < prefix.length; i++) {
    const code = prefix.charCodeAt(i);
    if (code < DIGIT_0 || code > DIGIT_9) return -1;
    value = value * 10 + (code - DIGIT_0);
  }
  return value;
}

function duplicate(prefix: string, first: number, second: number): RangeError {
  return new RangeError(
    `prefix ${JSON.stringify(prefix)} appears twice, at ${first} and ${second}`,
  );
}

function badDestination(digits: string): RangeError {
  return new RangeError(
    `destination must be "" or 1–15 digits, got ${JSON.stringify(digits)}`,
  );
}
