/** One line for the log: the driver's code and message, never a stack. */
export function summary(error: unknown): string {
  const { code, message, errors } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    errors?: { message?: unknown }[];
  };
  // A refused dual-stack connect is an AggregateError with an empty message of its own.
  const text =
    [message, errors?.[0]?.message].find(
      (candidate): candidate is string =>
        typeof candidate === 'string' && candidate !== '',
    ) ?? String(error);
  const line = (text.split('\n', 1)[0] ?? '').trim();
  return typeof code === 'string' && !line.includes(code)
    ? `${code}: ${line}`
    : line;
}
