// Creates an embedded (PGlite) database in the folder given, then exits: `initdb` grows the WebAssembly
// heap by about 500 MB that a process never gives back, so the server runs it in this short-lived child
// (server/db.ts) and opens the finished folder itself. Usage: node scripts/init-embedded.mjs DIR
import { PGlite } from '@electric-sql/pglite';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/init-embedded.mjs DIR\n');
  process.exit(2);
}
const db = await PGlite.create(dir);
await db.query('SELECT 1');
await db.close();
