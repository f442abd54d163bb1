// Summarises a sampling heap profile of one measured window (bench/allocation-sampler.ts): the
// bytes allocated per request, the functions that allocated the most, and the share of each
// component (profile-components.ts).
//
//   node dist/bench/allocation-summary.js FILE.heapprofile REQUESTS [--top=25]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type CallFrame, componentOf } from './profile-components.js';

interface SamplingNode {
  callFrame: CallFrame;
  selfSize: number;
  children: SamplingNode[];
}

function where({ functionName, url, lineNumber }: CallFrame): string {
  const file = url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** The summary of the profile at `path`, allocated over `requests` requests, as text. */
export function summariseAllocations(
  path: string,
  requests: number,
  top = 25,
): string {
  const { head } = JSON.parse(readFileSync(path, 'utf8')) as {
    head: SamplingNode;
  };
  const byFunction = new Map<string, number>();
  const byComponent = new Map<string, number>();
  let total = 0;
  const stack = [head];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    stack.push(...node.children);
    if (node.selfSize === 0) continue;
    total += node.selfSize;
    const name = where(node.callFrame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    const component = componentOf(node.callFrame) ?? 'V8 (native)';
    byComponent.set(
      component,
      (byComponent.get(component) ?? 0) + node.selfSize,
    );
  }
  const perRequest = (bytes: number) =>
    `${Math.round(bytes / requests).toLocaleString('en-US')} B`.padStart(9);
  const ranked = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, bytes]) => `  ${perRequest(bytes)}  ${name}`);
  return [
    `${perRequest(total).trim()} allocated per request (${requests.toLocaleString('en-US')} requests)`,
    'by function, per request:',
    ...ranked(byFunction, top),
    'by component, per request:',
    ...ranked(byComponent, byComponent.size),
  ].join('\n');
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '25' } },
    allowPositionals: true,
  });
  const [path, requests] = positionals;
  if (path === undefined || requests === undefined) {
    console.error(
      'usage: node dist/bench/allocation-summary.js <file.heapprofile> <requests> [--top=25]',
    );
    process.exit(2);
  }
  console.log(summariseAllocations(path, Number(requests), Number(values.top)));
}
