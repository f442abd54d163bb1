import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempFolder {
  /** Writes `content` to the file `name` in the folder; returns its path. */
  write(name: string, content: string | Uint8Array): string;
}

/** A folder of the suite's own in the temp folder, made before all tests and removed after. */
export function useTempFolder(prefix: string): TempFolder {
  let folder: string | undefined;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });
  return {
    write(name, content) {
      if (folder === undefined)
        throw new Error('the folder is made in beforeAll');
      const path = join(folder, name);
      writeFileSync(path, content);
      return path;
    },
  };
}
