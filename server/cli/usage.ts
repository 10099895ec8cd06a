import { parseArgs } from 'node:util';

/** The command line's usage text and its error for a wrong command, kept light: `--help` loads nothing else. */
export const USAGE = `Usage: npm run cli -- <command>
  migrate                                   apply pending migrations
  demo                                      load the Leiyang 2011 demo data into an empty database
  import units|values|findings|commendations FILE   (CSV or XLSX; all or nothing)
  export scores|values --period P [--format json|csv|xlsx] [--out FILE]
  scheme show --year Y | scheme set --year Y FILE
  rescore [--year Y]                        recompute every score and report differences
  report annual --year Y [--unit CODE] [--layout national|legacy] --format docx|html|json [--out FILE]
  db grant --role NAME                      (PostgreSQL, as the owner) give the app's role least privilege
  report bulletin --period P [--version N] --format docx|html|json [--out FILE]   the quarter's 督查情况通报
  publish --period P [--reason TEXT]        publish the next version (公示第N版) of a quarter or a year
  job daily [--day YYYY-MM-DD]              run the day's supervision job now (warnings, digests, mail); once a day
  user add --username U --role leadership|inspector|unit|admin|security|audit [--unit CODE]   (password from standard input; to be changed at first sign-in)
  backup FILE | restore FILE                the embedded database (server stopped); PostgreSQL: pg_dump/pg_restore`;

/** A command written wrongly: its message says how to write it. */
export class UsageError extends Error {}

/** The command line's arguments (a flag the commands do not know is refused by parseArgs, naming it). */
export function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      period: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      year: { type: 'string' },
      unit: { type: 'string' },
      layout: { type: 'string' },
      version: { type: 'string' },
      reason: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string' },
      day: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
