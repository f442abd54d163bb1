// The build before rating, measured beside this one: a git worktree of that commit (its
// node_modules a link to this repository's), built with its own `npm run build`, its server
// started as its own `npm run start:prod` starts it and its database made by its own migrations.
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from './processes.js';
import { log } from './text.js';

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** The full hash of `commit` in this repository. */
function resolve(commit: string): string {
  return git(['rev-parse', '--verify', `${commit}^{commit}`], ROOT);
}

/**
 * The folder of the build of `commit`: checked out into `dir` if it is not there yet, and built
 * unless its dist/main.js is there already. Throws when `dir` holds another commit.
 */
export async function beforeBuild(before: {
  commit: string;
  dir: string;
}): Promise<{ dir: string; commit: string }> {
  const commit = resolve(before.commit);
  const { dir } = before;
  if (!existsSync(dir)) {
    log(`checking out ${commit.slice(0, 7)} into ${dir} (git worktree add)`);
    git(['worktree', 'add', '--detach', dir, commit], ROOT);
  }
  const head = git(['rev-parse', 'HEAD'], dir);
  if (head !== commit) {
    throw new Error(
      `${dir} holds ${head.slice(0, 7)}, not ${commit.slice(0, 7)}: remove it or give --before-dir`,
    );
  }
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (!existsSync(join(dir, 'dist', 'main.js'))) {
    log(`building ${commit.slice(0, 7)} in ${dir} (npm run build)`);
    await run('npm', ['run', '--silent', 'build'], {
      timeoutMs: 300_000,
      label: `npm run build in ${dir}`,
      cwd: dir,
    });
  }
  return { dir, commit };
}
