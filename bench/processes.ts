// Child processes, temp files and the way out. Every child leads its own process group, so that
// stopping it also stops what it started (npm's node, a cluster's workers). On exit, Ctrl-C, any
// error or past the time limit, every group is stopped, then the run's clean-up runs (dropping
// its databases) and its temp files are removed.
import {
  type ChildProcess,
  type StdioOptions,
  spawn,
} from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the bench runs from dist/bench/. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const children = new Set<ChildProcess>();
const tempPaths: string[] = [];
let cleanUp: () => Promise<void> = () => Promise.resolve();
let exiting = false;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A path in the temp folder, named after the bench, removed on the way out. */
export function tempPath(suffix: string): string {
  const path = join(tmpdir(), `call_billing_bench-${suffix}`);
  tempPaths.push(path);
  return path;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `command` in `cwd` (the repository) as the leader of a new process group. */
export function spawnGroup(
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  stdio: StdioOptions,
  cwd = ROOT,
): ChildProcess {
  const child = spawn(command, argv, { cwd, env, stdio, detached: true });
  children.add(child);
  return child;
}

/** Stops a child's group: SIGTERM, and SIGKILL if it is still there after `graceMs`. */
export async function stopGroup(
  child: ChildProcess,
  graceMs: number,
): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const code = await Promise.race([
    exited(child),
    sleep(graceMs).then(() => 'timeout' as const),
  ]);
  if (code === 'timeout') {
    signalGroup(child, 'SIGKILL');
    await exited(child);
  }
  children.delete(child);
}

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Waits for a child whose stdout and stderr are piped, its group killed past `timeoutMs`; the
 * output is kept for the caller to show if it failed.
 */
export async function ended(
  child: ChildProcess,
  timeoutMs: number,
): Promise<Ended> {
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs);
  const code = await exited(child);
  clearTimeout(timer);
  children.delete(child);
  return {
    code,
    signal: child.signalCode,
    output: Buffer.concat(output).toString('utf8'),
  };
}

/** Runs a command to its end within `timeoutMs`; throws with the end of its output if it fails. */
export async function run(
  command: string,
  argv: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs: number;
    label: string;
    /** Where it runs: the repository by default. */
    cwd?: string;
  },
): Promise<string> {
  const child = spawnGroup(
    command,
    argv,
    options.env ?? process.env,
    ['ignore', 'pipe', 'pipe'],
    options.cwd,
  );
  const { code, signal, output } = await ended(child, options.timeoutMs);
  if (code !== 0) {
    throw new Error(
      `${options.label} failed (exit ${code ?? signal}):\n${output.slice(-4000)}`,
    );
  }
  return output;
}

/**
 * Stops the run whatever it is doing: on Ctrl-C, SIGTERM, an uncaught error, or past `limitMs`.
 * `onShutdown` runs after the children are stopped.
 */
export function handleExits(
  onShutdown: () => Promise<void>,
  limitMs: number,
): void {
  cleanUp = onShutdown;
  process.on('exit', () => {
    for (const child of children) signalGroup(child, 'SIGKILL');
  });
  process.on('SIGINT', () => void shutdown(130, 'interrupted'));
  process.on('SIGTERM', () => void shutdown(143, 'terminated'));
  process.on('uncaughtException', (error) => {
    console.error(error);
    void shutdown(1, 'failed');
  });
  setTimeout(
    () => void shutdown(3, `stopped: over ${limitMs / 60_000} minutes`),
    limitMs,
  ).unref();
}

/** Stops every child, cleans up, and exits with `code`. */
export async function shutdown(code: number, reason?: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  if (reason !== undefined) console.error(`\nbench: ${reason}`);
  for (const child of children) signalGroup(child, 'SIGTERM');
  await Promise.race([
    Promise.all([...children].map((child) => exited(child))),
    sleep(5_000),
  ]);
  for (const child of children) signalGroup(child, 'SIGKILL');
  await Promise.race([
    cleanUp().catch((error: unknown) => console.error(error)),
    sleep(15_000),
  ]);
  for (const path of tempPaths) rmSync(path, { force: true, recursive: true });
  process.exit(code);
}
