/**
 * Jest transformer for node_modules: Node 20 lets CommonJS `require()` an ES module, but Jest's
 * own module loader does so only on Node 24.9+. Some CommonJS dependencies (light-my-request,
 * @fastify/static) require ESM-only packages (cookie, content-disposition); such files, when
 * Jest loads them through `require`, are compiled to CommonJS here. Everything else passes
 * through untouched.
 */
const { createHash } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const ts = require('typescript');

const typeByFolder = new Map();

function isEsmFile(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  for (let folder = dirname(filename); ; folder = dirname(folder)) {
    if (typeByFolder.has(folder)) return typeByFolder.get(folder);
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const isModule =
        JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
      typeByFolder.set(folder, isModule);
      return isModule;
    }
    if (dirname(folder) === folder) return false;
  }
}

function needsCompiling(filename, options) {
  return !options.supportsStaticESM && isEsmFile(filename);
}

module.exports = {
  getCacheKey(source, filename, options) {
    return createHash('sha256')
      .update(source)
      .update(filename)
      .update(needsCompiling(filename, options) ? 'cjs' : 'as-is')
      .digest('hex');
  },
  process(source, filename, options) {
    if (!needsCompiling(filename, options)) return { code: source };
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        allowJs: true,
      },
    });
    return { code: outputText };
  },
};
