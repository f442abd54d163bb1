// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by self time, and the
// share of busy time by component, as self time and as "on the stack" (inclusive) time.
//
//   node dist/bench/profile-summary.js /tmp/prof/CPU....cpuprofile [--top=25] [--from=S] [--until=S]
//
// --from/--until keep only the samples taken from S seconds after the profile began (about when
// the process started) to the other bound: `npm run bench -- --profile=DIR` passes the measured
// window, so that start-up, warm-up and shutdown are left out. A native function's self time
// (writeString, a syscall) is charged to the component of the JavaScript that called it.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type CallFrame,
  NODE_CORE,
  componentOf,
} from './profile-components.js';

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

interface FunctionTime {
  time: number;
  frame: CallFrame;
  component: string;
  caller: string;
}

/** Busy time (µs) by function and by component, over the window. */
interface Tally {
  total: number;
  idle: number;
  byFunction: Map<string, FunctionTime>;
  componentSelf: Map<string, number>;
  componentOnStack: Map<string, number>;
  componentAsked: Map<string, number>;
}

/** The frames from a node up to the root. */
function stacksOf(profile: Profile): (id: number) => CallFrame[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  return (id) => {
    const frames: CallFrame[] = [];
    for (
      let at: number | undefined = id;
      at !== undefined;
      at = parentOf.get(at)
    ) {
      const frame = byId.get(at)?.callFrame;
      if (frame !== undefined) frames.push(frame);
    }
    return frames;
  };
}

/** The component a node's self time is charged to: its own, or its nearest script caller's. */
function chargedTo(stack: CallFrame[]): string {
  for (const frame of stack) {
    const component = componentOf(frame);
    if (component !== undefined) return component;
  }
  return 'V8 (program)';
}

/** The first component above Node core: the library that asked for the work. */
function askedBy(stack: CallFrame[]): string {
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
}

/** Self time of each node within the window from `from` to `until` seconds. */
function selfTimes(
  profile: Profile,
  from: number,
  until: number,
): Map<number, number> {
  const selfTime = new Map<number, number>();
  let clock = profile.startTime;
  const fromUs = profile.startTime + from * 1e6;
  const untilUs = profile.startTime + until * 1e6;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    clock += delta;
    if (clock < fromUs || clock > untilUs) return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  return selfTime;
}

function add(map: Map<string, number>, key: string, time: number): void {
  map.set(key, (map.get(key) ?? 0) + time);
}

function tally(profile: Profile, selfTime: Map<number, number>): Tally {
  const stackOf = stacksOf(profile);
  const t: Tally = {
    total: 0,
    idle: 0,
    byFunction: new Map(),
    componentSelf: new Map(),
    componentOnStack: new Map(),
    componentAsked: new Map(),
  };
  for (const [id, time] of selfTime) {
    t.total += time;
    const stack = stackOf(id);
    const frame = stack[0];
    if (frame === undefined) continue;
    const component = chargedTo(stack);
    if (component === 'idle') {
      t.idle += time;
      continue;
    }
    const key = `${frame.functionName} ${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    const caller = askedBy(stack);
    add(t.componentAsked, caller, time);
    const entry = t.byFunction.get(key) ?? {
      time: 0,
      frame,
      component,
      caller,
    };
    entry.time += time;
    t.byFunction.set(key, entry);
    add(t.componentSelf, component, time);
    const seen = new Set(stack.map((f) => componentOf(f)));
    seen.add(component);
    for (const name of seen) {
      if (name === undefined || name === 'root') continue;
      add(t.componentOnStack, name, time);
    }
  }
  return t;
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\/.*\/node_modules\//, '')
    .replace(/^file:\/\/.*?\/dist\//, 'dist/');
}

function format(t: Tally, top: number): string {
  const busy = t.total - t.idle;
  const pct = (time: number) =>
    `${((100 * time) / Math.max(busy, 1)).toFixed(1).padStart(5)}%`;
  const out = [
    `${(t.total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy ` +
      `(${((100 * busy) / Math.max(t.total, 1)).toFixed(0)}% of the main thread); ` +
      'percentages are of busy time',
    '',
    'top functions by self time:',
  ];
  for (const { time, frame, component, caller } of [...t.byFunction.values()]
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
    ...new Set([...t.componentSelf.keys(), ...t.componentOnStack.keys()]),
  ].sort(
    (a, b) => (t.componentSelf.get(b) ?? 0) - (t.componentSelf.get(a) ?? 0),
  );
  for (const name of names) {
    const self = t.componentSelf.get(name);
    out.push(
      `  ${name.padEnd(42)} ${self === undefined ? '     -' : pct(self)}     ${pct(t.componentAsked.get(name) ?? 0)}    ${pct(t.componentOnStack.get(name) ?? 0)}`,
    );
  }
  return out.join('\n');
}

/** The summary of the profile at `path`, as text. */
export function summarise(
  path: string,
  { top = 25, from = 0, until = Number.POSITIVE_INFINITY } = {},
): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  return format(tally(profile, selfTimes(profile, from, until)), top);
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
      'usage: node dist/bench/profile-summary.js <file.cpuprofile> [--top=25] [--from=S] [--until=S]',
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
