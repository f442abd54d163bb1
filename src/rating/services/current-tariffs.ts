import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';
import type { TariffCatalog } from './tariff-catalog.service.js';

/**
 * Thrown inside a transaction that read a tariff revision newer than the catalog's: the catalog
 * must load it, and the transaction run again.
 */
export class StaleTariffs extends Error {}

/**
 * Reloads one operation may wait for. Each is needed only because yet another tariff change
 * committed between a reload and the next try, so this many means tariffs are changing faster
 * than this process loads them.
 */
const MAX_RELOADS = 20;

/**
 * Runs `attempt` (a transaction that throws {@link StaleTariffs} when the catalog is behind the
 * revision it read) until it runs with the catalog current, reloading the catalog between tries.
 * Tariffs changing faster than they load is a passing overload: past {@link MAX_RELOADS}, a 503
 * with `Retry-After`.
 */
export async function withCurrentTariffs<T>(
  catalog: TariffCatalog,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let reloads = 0; ; reloads++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StaleTariffs)) throw error;
      if (reloads === MAX_RELOADS) {
        throw new ServiceUnavailableError(
          'The tariffs are changing faster than this process can load them; try again in a moment',
          1,
        );
      }
      await catalog.refresh();
    }
  }
}
