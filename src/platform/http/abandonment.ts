import type { ServerResponse } from 'node:http';

/**
 * A signal that aborts, with `reason()`, when `response` closes before it was sent whole: the
 * client went away. Work that waits on the client's behalf can then let go of what it holds.
 */
export function abandonment(
  response: ServerResponse,
  reason: () => Error,
): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(reason());
  });
  return controller.signal;
}
