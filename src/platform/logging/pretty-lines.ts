import type { DestinationStream } from 'pino';

const LEVEL_COLOURS: Readonly<Record<string, string>> = {
  trace: '90',
  debug: '36',
  info: '32',
  warn: '33',
  error: '31',
  fatal: '35',
};

/** Fields every line has, shown in its head rather than after the message. */
const HEAD_FIELDS = new Set([
  'level',
  'time',
  'msg',
  'pid',
  'hostname',
  'context',
]);

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function shown(value: unknown): string {
  return typeof value === 'string' && !/[\s"=]/.test(value)
    ? value
    : JSON.stringify(value);
}

/**
 * One JSON log line as a person reads it on a terminal:
 * `10:15:30.123 INFO  [Main] Listening on … request_id=… status_code=201`.
 */
export function prettyLine(json: string, colour: boolean): string {
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = text(fields.level) || 'info';
  const time = text(fields.time).slice(11, 23);
  const label = level.toUpperCase().padEnd(5);
  const context =
    typeof fields.context === 'string' ? ` [${fields.context}]` : '';
  const rest = Object.entries(fields)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => ` ${key}=${shown(value)}`)
    .join('');
  const head = colour
    ? `\u001b[${LEVEL_COLOURS[level] ?? '0'}m${label}\u001b[0m`
    : label;
  return `${time} ${head}${context} ${text(fields.msg)}${rest}\n`;
}

/**
 * Standard output for a terminal: each line pretty-printed and written at once (a terminal is
 * written synchronously, and a person is waiting). Colours unless NO_COLOR is set.
 */
export function prettyStdout(
  colour = process.env.NO_COLOR === undefined,
): DestinationStream {
  return {
    write: (line: string) => {
      process.stdout.write(prettyLine(line, colour));
    },
  };
}
