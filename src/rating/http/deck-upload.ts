import { problem, ProblemException } from '../../platform/errors/problem.js';
import { UploadedBody } from '../../platform/http/upload-body.js';
import { InvalidFieldsException } from '../../platform/validation/validation-problem.js';
import { readCsvDeck } from '../domain/rate-deck-csv.js';
import { readJsonDeck } from '../domain/rate-deck-json.js';
import type { DeckOptions, RateDeck } from '../domain/rate-deck.js';

/**
 * The rate deck of a version upload's body (JSON, or CSV with the options in `query`), read a
 * slice at a time; a 400 naming the faults when it is not one.
 */
export async function deckOf(
  body: unknown,
  query: DeckOptions,
): Promise<RateDeck> {
  if (!(body instanceof UploadedBody)) throw noRates();
  // Taken from the request: once read, the body is not held while the deck is stored.
  const source = body.take();
  if (source.size === 0) throw noRates();
  if (body.format === 'json') {
    const misplaced = (['amount_decimals', 'rounding'] as const).filter(
      (field) => query[field] !== undefined,
    );
    if (misplaced.length > 0) {
      throw new InvalidFieldsException(
        misplaced.map((field) => ({
          field,
          message: `${field} goes in the JSON body; the query takes it with a CSV body only`,
        })),
      );
    }
  }
  const outcome =
    body.format === 'csv'
      ? await readCsvDeck(source, query)
      : await readJsonDeck(source);
  if (!outcome.ok) {
    throw new InvalidFieldsException(outcome.errors, outcome.faultCount);
  }
  return outcome.deck;
}

function noRates(): ProblemException {
  const message =
    'The request body must hold the rates: JSON {"rates": [...]} or text/csv';
  return new ProblemException(
    problem(400, message, [{ field: 'body', message }]),
  );
}
