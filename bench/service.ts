// The service under test, run as production runs it: its build, and its commands and their
// environment read from package.json (start:prod, import), so the bench follows any change there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB } from './options.js';
import { ROOT, run } from './processes.js';
import { log } from './text.js';

/** A package.json script of the form `[NAME=value ...] node args...`. */
export interface NodeCommand {
  env: Record<string, string>;
  argv: string[];
  /** The script as written, for the report. */
  line: string;
}

function nodeScript(name: string, root = ROOT): NodeCommand {
  const { scripts } = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'),
  ) as { scripts?: Record<string, string> };
  const line = scripts?.[name] ?? '';
  const match = /^((?:\w+=\S+ )*)node (.+)$/.exec(line);
  if (match === null) {
    throw new Error(
      `package.json's "${name}" script is not "[NAME=value ...] node ...": "${line}"`,
    );
  }
  const env: Record<string, string> = {};
  for (const assignment of (match[1] ?? '').trim().split(' ')) {
    const [variable, value] = assignment.split('=');
    if (variable && value !== undefined) env[variable] = value;
  }
  return { env, argv: (match[2] ?? '').split(' '), line };
}

/**
 * The service's server as `npm run start:prod` starts it, V8 flags and environment included: of
 * this build, or of the build at `root`.
 */
export function serviceStart(root = ROOT): NodeCommand {
  return nodeScript('start:prod', root);
}

/** The CSV import as `npm run import` starts it. */
export function importStart(): NodeCommand {
  return nodeScript('import');
}

/** Environment for the service's own processes (server, migrations, import) on `database`. */
export function serviceEnv(database: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      /^(DB_|API_KEYS$|ADMIN_API_KEYS$|AUTH_DISABLED$|RATE_LIMIT|BILLING_|LATE_CALL_POLICY$|PORT$)/.test(
        name,
      )
    )
      delete env[name];
  }
  return {
    ...env,
    NODE_ENV: 'production',
    // The load comes from one address: the per-client limit is off, as is authentication.
    AUTH_DISABLED: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    DB_HOST: DB.host,
    DB_PORT: String(DB.port),
    DB_USERNAME: DB.user,
    DB_PASSWORD: DB.password,
    DB_NAME: database,
    NO_COLOR: '1',
  };
}

/** `npm run build`, unless told not to; either way the files the bench runs must be there. */
export async function build(wanted: boolean): Promise<void> {
  if (wanted) {
    log('building the service (npm run build)');
    await run('npm', ['run', '--silent', 'build'], {
      timeoutMs: 300_000,
      label: 'npm run build',
    });
  } else {
    log('using dist/ as it is (--no-build)');
  }
  const scripts = [serviceStart(), importStart()].map(
    ({ argv }) => argv.find((arg) => arg.endsWith('.js')) ?? argv.join(' '),
  );
  for (const file of [...scripts, 'dist/cli/ormconfig.js']) {
    if (!existsSync(join(ROOT, file)))
      throw new Error(`${file} is missing: run without --no-build`);
  }
}

/** Whether the service can run as a cluster of WEB_CONCURRENCY workers, and why. */
export function clusterSupport(): { supported: boolean; note: string } {
  const dist = join(ROOT, 'dist');
  // dist/cli is the migrations' and dist/bench this bench's: neither is the service.
  const reader = readdirSync(dist, { recursive: true, encoding: 'utf8' }).find(
    (file) =>
      file.endsWith('.js') &&
      !file.startsWith('cli') &&
      !file.startsWith('bench') &&
      /['"`]WEB_CONCURRENCY['"`]/.test(readFileSync(join(dist, file), 'utf8')),
  );
  return reader === undefined
    ? {
        supported: false,
        note: 'the build reads no WEB_CONCURRENCY: src/main.ts has no cluster',
      }
    : { supported: true, note: `dist/${reader} reads WEB_CONCURRENCY` };
}

/**
 * The service's environment with API keys instead of AUTH_DISABLED: `keys` names the settings
 * (API_KEYS, ADMIN_API_KEYS) and their keys; `more` adds settings (BILLING_AUTO_CLOSE, ...).
 */
export function keyedEnv(
  database: string,
  keys: Record<string, string>,
  more: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env = serviceEnv(database);
  delete env.AUTH_DISABLED;
  return { ...env, ...keys, ...more };
}
