import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root (the folder of package.json): the same from the TypeScript sources (tsx, tests) and from
 * the compiled server in dist/server (scripts/build.mjs), so migrations, the client build and the sources are
 * found from either.
 */
function findRoot(from: string): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'prisma/migrations'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No Dukao project folder (package.json, prisma/migrations) above ${from}.`);
    dir = up;
  }
}

export const ROOT = findRoot(import.meta.url);
