// Read once: jest's sandbox makes every read of the global `Math` slow in long loops.
const { imul } = Math;

/** A small deterministic generator (mulberry32), so a failing random case is the same next run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
