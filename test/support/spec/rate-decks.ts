/** What the unit specs of the deck readers (CSV and JSON) share. */
import type { DeckOutcome } from '../../../src/rating/domain/rate-deck.js';
import type { Rate } from '../../../src/rating/domain/rate-table.js';

/** A reader's pause between slices that never waits. */
export const noPause = () => Promise.resolve();

/** The rates of an accepted deck, in its order; a refused one fails with its faults. */
export function ratesOf(outcome: DeckOutcome): Rate[] {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return Array.from({ length: outcome.deck.size }, (_, i) =>
    outcome.deck.rates.rate(i),
  );
}

/** The prefixes of an accepted deck, in its order. */
export function prefixes(outcome: DeckOutcome): string[] {
  return ratesOf(outcome).map((rate) => rate.prefix);
}

/** The faults of a refused deck; an accepted one fails. */
export function faults(outcome: DeckOutcome) {
  if (outcome.ok) throw new Error('the deck was accepted');
  return outcome.errors;
}
