import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors';
import { parseCliArgs, USAGE } from './usage';

/**
 * The command line's entry. `--help` (and no command) answer from the usage text alone; a command loads its
 * modules (Prisma, PGlite, exceljs, docx …) only when it runs, so the command line starts fast.
 */
export async function runCli(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseCliArgs(argv);
  // Asked for (`--help`, `help`): success. No command at all: the usage, as an error.
  if (flags.help || positionals[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!positionals[0]) {
    console.error(USAGE);
    return 1;
  }
  const { runCommand } = await import('./commands');
  return runCommand(argv);
}

function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

function report(err: unknown): void {
  if (err instanceof AppError) {
    console.error(err.message);
    const rows = (err.details as { rowErrors?: string[]; errors?: string[] } | undefined) ?? {};
    for (const line of rows.rowErrors ?? []) console.error(line);
    if (!rows.rowErrors) for (const line of rows.errors ?? []) if (typeof line === 'string') console.error(line);
  } else if (err instanceof Error) console.error(err.message);
  else console.error(String(err));
}

/** Runs the command line and exits with its code (after its output is written). */
export function cliMain(argv: string[]): void {
  runCli(argv)
    .then((code) => exitAfterFlush(code))
    .catch((err: unknown) => {
      report(err);
      exitAfterFlush(1);
    });
}

// Run directly (tsx server/cli/main.ts, as the tests do); scripts/cli.mjs calls cliMain itself.
const isMain = !!process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) cliMain(process.argv.slice(2));
