import { jest } from '@jest/globals';
import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';
import { StaleTariffs, withCurrentTariffs } from './current-tariffs.js';
import type { TariffCatalog } from './tariff-catalog.service.js';

/** A catalog whose reloads are counted (the loading itself is the catalog's own spec's). */
function catalog() {
  const refresh = jest.fn(() => Promise.resolve());
  return { catalog: { refresh } as unknown as TariffCatalog, refresh };
}

describe('withCurrentTariffs', () => {
  it('reloads the catalog and runs the transaction again while it finds the catalog behind', async () => {
    const { catalog: current, refresh } = catalog();
    let tries = 0;

    const answer = await withCurrentTariffs(current, () =>
      ++tries < 3
        ? Promise.reject(new StaleTariffs())
        : Promise.resolve('done'),
    );

    expect(answer).toBe('done');
    expect(tries).toBe(3);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('answers 503 with Retry-After once tariffs keep changing through 20 reloads', async () => {
    const { catalog: current, refresh } = catalog();

    const outcome = withCurrentTariffs(current, () =>
      Promise.reject(new StaleTariffs()),
    );

    await expect(outcome).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(outcome).rejects.toMatchObject({ retryAfterSeconds: 1 });
    expect(refresh).toHaveBeenCalledTimes(20);
  });

  it('lets any other error through at once, without a reload', async () => {
    const { catalog: current, refresh } = catalog();
    const failure = new Error('lost the database');

    await expect(
      withCurrentTariffs(current, () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    expect(refresh).not.toHaveBeenCalled();
  });
});
