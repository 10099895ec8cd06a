import fs from 'node:fs';
import os from 'node:os';
import { migrateAsOwner, migrateUrlOf, openMigratedDatabase } from '../bootstrap';
import { inTransaction, openDatabase, TX_LIMITS } from '../db';
import { grantAppRole } from '../db-grant';
import { CITY_SCOPE, isRole, ROLES } from '../domain/names';
import { isIsoDate, parsePeriod, todayOf } from '../domain/periods';
import { readEnv } from '../env';
import { AppError } from '../errors';
import { bulletinDocument, bulletinToJson } from '../report-render/bulletin-document';
import { renderOfficialDocx, renderReportDocx } from '../report-render/render-report-docx';
import { renderReportHtmlDocument } from '../report-render/render-report-html';
import { reportToJson } from '../report-render/report-json';
import { changePeriodState } from '../services/admin/periods';
import { getScheme, setScheme } from '../services/admin/schemes';
import { createUser, preparePassword } from '../services/admin/users';
import { type Actor, SYSTEM_ACTOR } from '../services/audit/record-audit';
import { backupEmbedded, restoreEmbedded } from '../services/backup/embedded-backup';
import { loadDemo } from '../services/demo/load-demo';
import { type ExportFormat, scoresFile, valuesFile } from '../services/exports/export-files';
import { assertImportSize, readTable, type TableFile } from '../services/imports/read-table';
import { type ImportKind, isImportKind, runImport } from '../services/imports/run-import';
import { buildReportFor } from '../services/reports/annual-report';
import { buildBulletinFor } from '../services/reports/bulletin';
import { findScores } from '../services/scores/find-scores';
import { rescoreAll } from '../services/scoring/rebuild';
import { runDailyJob } from '../services/supervision/daily-job';
import { sendPendingMail } from '../services/supervision/mail';
import { exportValueRows } from '../services/values/aggregate-values';
import { parseCliArgs, USAGE, UsageError } from './usage';

const CLI_ACTOR: Actor = { ...SYSTEM_ACTOR, username: 'cli' };
/** Warnings do not stop an import; past this many, only their count is printed. */
const PROGRESS_ROWS = 10_000;
const MAX_WARNINGS_SHOWN = 100;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function writeOut(out: string | undefined, body: Buffer | string) {
  if (out) fs.writeFileSync(out, body);
  else process.stdout.write(body);
}

/** Runs one command of the command line (main.ts has answered --help without loading any of this). */
export async function runCommand(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseCliArgs(argv);
  const [command, sub, arg] = positionals;
  if (!command || flags.help) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const env = readEnv();
  const today = todayOf(new Date());
  if (command === 'migrate') {
    const res = await migrateAsOwner(env);
    console.error(
      res.applied.length
        ? `Applied ${res.applied.join(', ')}.`
        : `Nothing to apply (${res.alreadyApplied} migrations already applied).`,
    );
    return 0;
  }
  if (command === 'db') {
    if (sub !== 'grant' || !flags.role) throw new UsageError('Use db grant --role NAME.');
    const ownerUrl = migrateUrlOf(env);
    if (!ownerUrl)
      throw new UsageError('db grant is for PostgreSQL: set MIGRATE_DATABASE_URL (or DATABASE_URL) to the owner.');
    const owner = await openDatabase({ databaseUrl: ownerUrl, dataDir: '', poolSize: 1 });
    try {
      const res = await grantAppRole(owner.sql, flags.role);
      console.error(
        `Granted ${res.role} read and write on ${res.tables - 2} data tables, INSERT and SELECT on ` +
          `"AuditLog", SELECT on "_prisma_migrations"; it owns nothing.`,
      );
    } finally {
      await owner.close();
    }
    return 0;
  }
  if (command === 'backup' || command === 'restore') {
    if (env.DATABASE_URL)
      throw new UsageError(
        `${command} is for the embedded database; for PostgreSQL use pg_dump and pg_restore (see the README).`,
      );
    if (!sub) throw new UsageError(`${command} needs a file: ${command} FILE`);
    if (command === 'backup') {
      const res = await backupEmbedded(env.dataDir, sub);
      console.error(`Wrote ${sub} (${res.bytes} bytes) from ${env.dataDir}.`);
    } else {
      await restoreEmbedded(sub, env.dataDir);
      console.error(`Restored ${sub} into ${env.dataDir}.`);
    }
    return 0;
  }
  // An import file is checked for size and read before the database is opened: a bad file fails fast.
  let importKind: ImportKind | undefined;
  let importTable: TableFile | undefined;
  if (command === 'import') {
    if (!sub || !arg)
      throw new UsageError('import needs a kind and a file: import units|values|findings|commendations FILE');
    if (!isImportKind(sub))
      throw new UsageError(`Unknown import kind "${sub}": use units, values, findings or commendations.`);
    if (!fs.existsSync(arg) || !fs.statSync(arg).isFile()) throw new UsageError(`No file ${arg}.`);
    assertImportSize(fs.statSync(arg).size);
    importKind = sub;
    importTable = await readTable(fs.readFileSync(arg), arg);
  }
  const { database } = await openMigratedDatabase(env);
  const db = database.prisma;
  try {
    switch (command) {
      case 'demo': {
        const res = await loadDemo(db, today);
        console.error(`Loaded the illustrative Leiyang 2011 demo: ${res.units} units, ${res.values} values.`);
        for (const u of res.data.users)
          console.error(`  ${u.username} / ${u.password} (${u.role}${u.unit ? ` ${u.unit}` : ''})`);
        return 0;
      }
      case 'import': {
        // A large file says where it is (checking, writing, re-scoring); a small one just its summary.
        const progress =
          importTable!.rows.length >= PROGRESS_ROWS ? (stage: string) => console.error(stage) : undefined;
        const res = await runImport(db, CLI_ACTOR, importKind!, importTable!, today, progress);
        for (const w of res.warnings.slice(0, MAX_WARNINGS_SHOWN)) console.error(`warning: ${w}`);
        if (res.warnings.length > MAX_WARNINGS_SHOWN)
          console.error(`warning: … and ${res.warnings.length - MAX_WARNINGS_SHOWN} more warnings of the same kind`);
        console.error(res.message);
        return 0;
      }
      case 'export': {
        const period = flags.period;
        if (!period || !parsePeriod(period)) throw new UsageError('export needs --period, written 2011Q3 or 2011.');
        const format = (flags.format ?? 'json') as ExportFormat;
        if (!['json', 'csv', 'xlsx'].includes(format))
          throw new UsageError(`Unknown format "${format}": use json, csv or xlsx.`);
        if (format === 'xlsx' && !flags.out && process.stdout.isTTY)
          throw new UsageError('An xlsx export needs --out FILE.');
        if (sub === 'scores') writeOut(flags.out, (await scoresFile(await findScores(db, period), format)).body);
        else if (sub === 'values')
          writeOut(flags.out, (await valuesFile(await exportValueRows(db, period, CITY_SCOPE), format)).body);
        else throw new UsageError(`Unknown export "${sub}": use scores or values.`);
        return 0;
      }
      case 'scheme': {
        const year = Number(flags.year);
        if (!Number.isInteger(year)) throw new UsageError('scheme needs --year, e.g. --year 2011.');
        if (sub === 'show') {
          const s = await getScheme(db, year);
          process.stdout.write(`${JSON.stringify(s.scheme, null, 2)}\n`);
          console.error(s.isDefault ? `${year} uses the default scheme.` : `${year}: version ${s.version}.`);
          return 0;
        }
        if (sub === 'set') {
          if (!arg || !fs.existsSync(arg))
            throw new UsageError('scheme set needs a JSON file: scheme set --year Y FILE');
          let json: unknown;
          try {
            json = JSON.parse(fs.readFileSync(arg, 'utf8'));
          } catch (err) {
            throw new AppError('BAD_REQUEST', 'cli.badJson', { arg, why: (err as Error).message });
          }
          // The command line may re-score a whole year: it gives setScheme a longer transaction to join.
          const res = await inTransaction(
            db,
            (tx) => setScheme(tx, CLI_ACTOR, { year, scheme: json, today }),
            TX_LIMITS.job,
          );
          console.error(`Stored the ${year} scheme as version ${res.version} and re-scored ${year}.`);
          return 0;
        }
        throw new UsageError('Use scheme show --year Y or scheme set --year Y FILE.');
      }
      case 'rescore': {
        const year = flags.year ? Number(flags.year) : undefined;
        if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year must be a year, e.g. 2011.');
        const rep = await inTransaction(db, (tx) => rescoreAll(tx, today, year), TX_LIMITS.rebuild);
        console.error(
          `Re-scored ${rep.periods.length} periods (${rep.units} unit-periods); ${rep.differences.length} differences from the stored scores.`,
        );
        for (const d of rep.differences.slice(0, 50))
          console.error(
            `  ${d.period} ${d.unit} ${d.field}: stored ${String(d.stored)}, computed ${String(d.computed)}`,
          );
        return 0;
      }
      case 'report': {
        if (sub === 'bulletin') {
          const period = flags.period;
          if (!period || !parsePeriod(period))
            throw new UsageError('report bulletin needs --period, e.g. --period 2011Q4.');
          const format = flags.format ?? 'docx';
          if (!['docx', 'html', 'json'].includes(format))
            throw new UsageError(`Unknown format "${format}": use docx, html or json.`);
          if (format === 'docx' && !flags.out && process.stdout.isTTY)
            throw new UsageError('A docx bulletin needs --out FILE.');
          const version = flags.version === undefined ? undefined : Number(flags.version);
          if (version !== undefined && !(Number.isInteger(version) && version >= 1))
            throw new UsageError('--version is a whole number from 1.');
          const model = await buildBulletinFor(db, { period, version, scope: CITY_SCOPE });
          for (const w of model.warnings) console.error(`warning: ${w}`);
          const doc = bulletinDocument(model);
          const body =
            format === 'json'
              ? bulletinToJson(model)
              : format === 'html'
                ? renderReportHtmlDocument(doc)
                : await renderOfficialDocx(doc);
          writeOut(flags.out, body);
          return 0;
        }
        if (sub !== 'annual') throw new UsageError('Use report annual --year Y … or report bulletin --period P …');
        const year = Number(flags.year);
        if (!Number.isInteger(year)) throw new UsageError('report annual needs --year, e.g. --year 2011.');
        const layout = (flags.layout ?? 'national') as 'national' | 'legacy';
        if (!['national', 'legacy'].includes(layout))
          throw new UsageError(`Unknown layout "${layout}": use national or legacy.`);
        const format = flags.format ?? 'docx';
        if (!['docx', 'html', 'json'].includes(format))
          throw new UsageError(`Unknown format "${format}": use docx, html or json.`);
        if (format === 'docx' && !flags.out && process.stdout.isTTY)
          throw new UsageError('A docx report needs --out FILE.');
        const model = await buildReportFor(db, { year, unitCode: flags.unit ?? null, layout, scope: CITY_SCOPE });
        for (const w of model.warnings) console.error(`warning: ${w}`);
        const body =
          format === 'json'
            ? reportToJson(model)
            : format === 'html'
              ? renderReportHtmlDocument(model)
              : await renderReportDocx(model);
        writeOut(flags.out, body);
        return 0;
      }
      case 'job': {
        if (sub !== 'daily') throw new UsageError('Use job daily [--day YYYY-MM-DD].');
        const day = flags.day ?? today;
        if (!isIsoDate(day)) throw new UsageError(`--day ${day} is not a date (write 2012-01-15).`);
        const r = await runDailyJob(db, { today: day, now: () => new Date(), server: `cli:${os.hostname()}` });
        const s = r.summary;
        console.error(
          r.ran
            ? `Daily job for ${day}: ${s?.items} open items (red ${s?.red}, yellow ${s?.yellow}, blue ${s?.blue}); ${s?.digests} digests written.`
            : `Daily job for ${day} already ran (on ${r.server}); nothing done.`,
        );
        const mail = await sendPendingMail(db, env, new Date());
        if (mail.sent || mail.failed) console.error(`Mail: ${mail.sent} sent, ${mail.failed} failed.`);
        return 0;
      }
      case 'publish': {
        const period = flags.period;
        if (!period || !parsePeriod(period)) throw new UsageError('publish needs --period, e.g. --period 2011Q4.');
        const res = await changePeriodState(db, CLI_ACTOR, {
          period,
          action: 'publish',
          ...(flags.reason ? { reason: flags.reason } : {}),
          today,
          now: new Date(),
        });
        console.error(`Published ${period}: version ${res.version}.`);
        return 0;
      }
      case 'user': {
        if (sub !== 'add') throw new UsageError('Use user add --username U --role ROLE [--unit CODE].');
        const role = flags.role;
        if (!flags.username) throw new UsageError('user add needs --username.');
        if (!role || !isRole(role)) throw new UsageError(`--role must be ${ROLES.join(', ')}.`);
        const passwordHash = await preparePassword(await readStdin(), flags.username);
        await createUser(db, CLI_ACTOR, {
          username: flags.username!,
          role,
          unitCode: flags.unit ?? null,
          passwordHash,
        });
        console.error(`Created ${role} ${flags.username}; the password must be changed at first sign-in.`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
    }
  } finally {
    await database.close();
  }
}

/** Exits once standard output has drained: a piped export must not be cut short. */
