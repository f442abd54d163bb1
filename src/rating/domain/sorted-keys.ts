/**
 * Prefix keys (`prefix-keys.ts`) sorted by length, then value, each with its position in the keys
 * given: the first step of a prefix index, and how a deck finds every prefix given twice. Keys of
 * n digits lie in [10^n, 2 × 10^n), so they fall into segments by length, each radix-sorted.
 *
 * Generators, yielding after every `step` items of each pass, so that the caller can let other
 * work run between steps: a million prefixes take some hundred milliseconds, which must not be
 * one turn of the event loop.
 */
import { digitsOfKey } from './prefix-keys.js';

const MAX_DIGITS = 15;
/** Radix of the sort: 2^13 counters stay in the first-level cache. */
const RADIX = 8192;
/** Items of a pass between two yields: well under a millisecond of work. */
export const STEP = 16_384;
// Read once: inside a vm sandbox (jest runs every spec in one) each read of the global `Math`
// goes through a slow interceptor, which makes these million-step loops many times slower.
const { floor, max: greatest, min: least } = Math;

export class SortedKeys {
  private constructor(
    /** The keys by slot, sorted; segment 0 holds "". */
    readonly keys: Float64Array,
    /** The position, in the keys given, of the key in each slot. */
    readonly positions: Int32Array,
    /** Segment n (prefixes of n digits) is the slots [starts[n], starts[n + 1]). */
    readonly starts: Int32Array,
  ) {}

  /** The first `count` of `keys`, sorted; equal keys keep their order. */
  static *of(
    keys: Float64Array,
    count: number,
    step = STEP,
  ): Generator<void, SortedKeys> {
    const digits = new Uint8Array(count);
    const starts = new Int32Array(MAX_DIGITS + 2);
    for (let from = 0; from < count; from += step) {
      const to = least(count, from + step);
      for (let position = from; position < to; position++) {
        const length = digitsOfKey(keys[position]);
        digits[position] = length;
        starts[length + 1]++;
      }
      yield;
    }
    let largest = 0;
    for (let n = 1; n <= MAX_DIGITS + 1; n++) {
      largest = greatest(largest, starts[n]);
      starts[n] += starts[n - 1];
    }

    const positions = new Int32Array(count);
    const sorted = new Float64Array(count);
    const fill = starts.slice();
    for (let from = 0; from < count; from += step) {
      const to = least(count, from + step);
      for (let position = from; position < to; position++) {
        const slot = fill[digits[position]]++;
        positions[slot] = position;
        sorted[slot] = keys[position];
      }
      yield;
    }
    // A radix sort, not a comparison sort: linear whatever order the deck arrives in, where a
    // comparator called twenty million times for a million prefixes dominates.
    const sorter = new RadixSorter(largest, step);
    for (let n = 1; n <= MAX_DIGITS; n++) {
      yield* sorter.sort(sorted, positions, starts[n], starts[n + 1]);
    }
    return new SortedKeys(sorted, positions, starts);
  }

  /**
   * Calls `found` for every key given again, with the position where it came first and the one
   * where it came again: by key, then by position.
   */
  *duplicates(
    found: (first: number, again: number) => void,
    step = STEP,
  ): Generator<void> {
    const { keys, positions } = this;
    let first = positions[0];
    for (let from = 1; from < keys.length; from += step) {
      const to = least(keys.length, from + step);
      for (let slot = from; slot < to; slot++) {
        // Keys of different lengths differ, so equal neighbours are one prefix given again.
        if (keys[slot] === keys[slot - 1]) found(first, positions[slot]);
        else first = positions[slot];
      }
      yield;
    }
  }
}

/** LSD radix sort of (key, position) pairs by key, 13 bits a pass above the least key. */
class RadixSorter {
  private readonly counts = new Int32Array(RADIX + 1);
  private readonly spareKeys: Float64Array;
  private readonly sparePositions: Int32Array;
  /** How far the spare arrays have been written: pages never written are not yet mapped. */
  private touched = 0;

  /** `capacity`: the most pairs one sort is given (the largest segment). */
  constructor(
    capacity: number,
    private readonly step: number,
  ) {
    this.spareKeys = new Float64Array(capacity);
    this.sparePositions = new Int32Array(capacity);
  }

  /** Sorts the slots [from, to) of `keys`, moving `positions` alike. */
  *sort(
    keys: Float64Array,
    positions: Int32Array,
    from: number,
    to: number,
  ): Generator<void> {
    if (to - from < 2) return;
    const { counts, step } = this;
    let lowest = keys[from];
    let highest = lowest;
    for (let chunk = from; chunk < to; chunk += step) {
      const stop = least(to, chunk + step);
      for (let i = chunk; i < stop; i++) {
        const key = keys[i];
        if (key < lowest) lowest = key;
        else if (key > highest) highest = key;
      }
      this.touch(stop - from);
      yield;
    }
    // The spare arrays hold a segment from their start: slot i of it at i − from.
    let [source, target] = [keys, this.spareKeys];
    let [sourcePositions, targetPositions] = [positions, this.sparePositions];
    let [sourceStart, targetStart] = [from, 0];
    // Dividing by a power of two is exact, so every digit is exact for keys below 2^53.
    for (let divisor = 1; divisor <= highest - lowest; divisor *= RADIX) {
      counts.fill(0);
      const end = sourceStart + (to - from);
      for (let chunk = sourceStart; chunk < end; chunk += step) {
        const stop = least(end, chunk + step);
        for (let i = chunk; i < stop; i++) {
          counts[(floor((source[i] - lowest) / divisor) % RADIX) + 1]++;
        }
        yield;
      }
      counts[0] = targetStart;
      for (let d = 1; d <= RADIX; d++) counts[d] += counts[d - 1];
      for (let chunk = sourceStart; chunk < end; chunk += step) {
        const stop = least(end, chunk + step);
        for (let i = chunk; i < stop; i++) {
          const digit = floor((source[i] - lowest) / divisor) % RADIX;
          const slot = counts[digit]++;
          target[slot] = source[i];
          targetPositions[slot] = sourcePositions[i];
        }
        yield;
      }
      [source, target] = [target, source];
      [sourcePositions, targetPositions] = [targetPositions, sourcePositions];
      [sourceStart, targetStart] = [targetStart, sourceStart];
    }
    if (source !== keys) {
      keys.set(source.subarray(0, to - from), from);
      positions.set(sourcePositions.subarray(0, to - from), from);
    }
  }

  /**
   * Writes the spare arrays up to `end`, a step's worth at a time. A pass scatters its first step
   * across the whole of them (every digit's run starts somewhere else), and the first write to
   * each page of a new array costs a page fault: some 3,000 for a million prefixes, tens of
   * milliseconds in one step, unless the pages are mapped beforehand.
   */
  private touch(end: number): void {
    if (end <= this.touched) return;
    this.spareKeys.fill(0, this.touched, end);
    this.sparePositions.fill(0, this.touched, end);
    this.touched = end;
  }
}
