import { isTransient } from './database-errors.js';

export const MAX_ATTEMPTS = 5;

/**
 * Runs `work` (one whole transaction) again when the database chose it as a deadlock victim or
 * it waited too long for a lock: concurrent writers to one user's totals never lose an update,
 * they only wait. Backs off a few random milliseconds so that the retries do not collide again.
 */
export async function withTransientRetry<T>(
  work: () => Promise<T>,
  pause: (ms: number) => Promise<void> = (ms) =>
    new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
      await pause(Math.random() * 10 * 2 ** attempt);
    }
  }
}
