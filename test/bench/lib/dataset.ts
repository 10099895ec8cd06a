/**
 * A synthetic province: N units × Q quarters × the 41 catalogue indicators, plus submissions,
 * findings, commendations and a few users. Fully determined by the seed (mulberry32), so
 * two runs load the same rows. Bulk-loaded with multi-row INSERT … SELECT FROM unnest(…).
 */

import type { SqlRunner } from '../../../server/db';
import { DEFAULT_CATALOGUE, groupOfType, type UnitType } from '../../../server/domain/catalogue';
import { periodBounds, quartersOfYear } from '../../../server/domain/periods';
import { seededRandom as rng } from '../../../server/domain/seeded-random';

export { rng };

export type DatasetOptions = { units: number; years: number[]; seed: number };

export type LoadedDataset = {
  units: number;
  grassroots: number;
  organs: number;
  quarters: string[];
  submissions: number;
  values: number;
  findings: number;
  commendations: number;
  /** Unit ids (by code order) whose last-quarter submission is `returned`: the entry.save benchmark resubmits them. */
  returnedInLastQuarter: { id: number; code: string }[];
  seconds: { units: number; submissions: number; values: number; findings: number; vacuum: number };
};

const TYPES: [UnitType, number][] = [
  ['township', 0.4],
  ['street', 0.2],
  ['department', 0.25],
  ['institution', 0.15],
];

export function unitCode(i: number): string {
  return `B${String(i + 1).padStart(6, '0')}`;
}

const ORDERED = DEFAULT_CATALOGUE.map((d) => d.code);

/** One unit-quarter's figures, valid against the catalogue's bounds (sub-counts ≤ totals, deployed 0/1 for grassroots only). */
export function quarterValues(
  r: () => number,
  grassroots: boolean,
  diligence: number,
  deployed: boolean,
): Record<string, number> {
  const n = (max: number) => Math.floor(r() * (max + 1));
  const scaled = (max: number) => Math.floor(r() * max * diligence + 0.5);
  const v: Record<string, number> = {};
  let pub = 0;
  for (const c of [
    'pub.overview',
    'pub.plans',
    'pub.regulations',
    'pub.news',
    'pub.personnel',
    'pub.finance',
    'pub.services',
    'pub.annual_reports',
    'pub.other',
  ]) {
    v[c] = scaled(c === 'pub.annual_reports' ? 1 : 6);
    pub += v[c]!;
  }
  v['pub.electronic'] = Math.floor(pub * (0.4 + 0.6 * r()));
  v['pub.normative_docs'] = n(3);
  for (const c of ['chan.direct_report', 'chan.portal', 'chan.gazette', 'chan.other_media']) v[c] = n(20);
  let req = 0;
  for (const c of ['req.in_person', 'req.fax', 'req.email', 'req.online', 'req.letter', 'req.other']) {
    v[c] = r() < 0.5 ? 0 : n(4);
    req += v[c]!;
  }
  const replies = Math.floor(req * (0.6 + 0.4 * r()));
  v['reply.granted'] = Math.floor(replies * 0.7);
  v['reply.partial'] = Math.floor((replies - v['reply.granted']!) * 0.5);
  v['reply.refused'] = replies - v['reply.granted']! - v['reply.partial']!;
  v['consult.service_info'] = n(50);
  v['consult.online'] = n(120);
  v['consult.onsite'] = n(80);
  v['consult.phone'] = n(150);
  v['consult.page_views'] = n(40_000);
  for (const c of ['appeal.review', 'appeal.litigation', 'appeal.complaint']) v[c] = r() < 0.04 ? 1 : 0;
  if (grassroots) v['approval.deployed'] = deployed ? 1 : 0;
  let items = 0;
  for (const c of [
    'approval.items_licensing',
    'approval.items_nonlicensing',
    'approval.items_services',
    'approval.items_transfer',
  ]) {
    v[c] = n(60);
    items += v[c]!;
  }
  v['approval.items_published'] = Math.floor(items * (0.5 + 0.5 * r()));
  v['approval.cases'] = n(2000);
  v['approval.cases_ontime'] = Math.floor(v['approval.cases']! * (0.7 + 0.3 * r()));
  v['training.attendees'] = Math.floor(r() * 2 * diligence + 0.3);
  // Catalogue order, so that the rows are the same whatever the object's key order.
  const out: Record<string, number> = {};
  for (const c of ORDERED) if (v[c] !== undefined) out[c] = v[c]!;
  return out;
}

/** Loads the data set into a migrated, empty database (with the default catalogue). */
export async function loadDataset(
  sql: SqlRunner,
  opts: DatasetOptions,
  log: (s: string) => void = () => undefined,
): Promise<LoadedDataset> {
  const r = rng(opts.seed);
  const quarters = opts.years.flatMap((y) => quartersOfYear(y));
  const lastQuarter = quarters[quarters.length - 1]!;
  const t0 = performance.now();

  // Periods: every quarter and year.
  await sql.query(
    `INSERT INTO "Period" (code, year, quarter) SELECT * FROM unnest($1::text[], $2::int[], $3::int[]) ON CONFLICT DO NOTHING`,
    [
      [...quarters, ...opts.years.map(String)],
      [...quarters.map((q) => Number(q.slice(0, 4))), ...opts.years],
      [...quarters.map((q) => Number(q.slice(5))), ...opts.years.map(() => null)],
    ],
  );

  // Units.
  const codes: string[] = [];
  const names: string[] = [];
  const types: UnitType[] = [];
  const groups: string[] = [];
  for (let i = 0; i < opts.units; i++) {
    let x = r();
    let type: UnitType = 'township';
    for (const [t, p] of TYPES) {
      if (x < p) {
        type = t;
        break;
      }
      x -= p;
    }
    codes.push(unitCode(i));
    names.push(
      `${type === 'township' ? '乡镇' : type === 'street' ? '街道' : type === 'department' ? '部门' : '事业单位'}${String(i + 1).padStart(6, '0')}`,
    );
    types.push(type);
    groups.push(groupOfType(type));
  }
  const unitRows = await sql.query<{ id: number; code: string }>(
    `INSERT INTO "Unit" (code, name, type, "group", "updatedAt")
     SELECT c, n, t::"UnitType", g::"RankGroup", now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(c, n, t, g)
     RETURNING id, code`,
    [codes, names, types, groups],
  );
  const idOf = new Map(unitRows.map((u) => [u.code, u.id]));
  const ids = codes.map((c) => idOf.get(c)!);
  const tUnits = performance.now();
  log(`units: ${opts.units} in ${((tUnits - t0) / 1000).toFixed(1)} s`);

  // Submissions: per unit-quarter a status (1% none at all); the last quarter keeps some `returned` ones.
  const subUnit: number[] = [];
  const subPeriod: string[] = [];
  const subStatus: string[] = [];
  const returned: { id: number; code: string }[] = [];
  // Quarter by quarter, as the figures arrive in reality (so rows of one quarter sit together on disk).
  for (const q of quarters) {
    for (let i = 0; i < opts.units; i++) {
      const x = r();
      if (x < 0.01) continue;
      const status = x < 0.03 ? 'draft' : x < 0.05 ? 'returned' : x < 0.4 ? 'submitted' : 'verified';
      subUnit.push(ids[i]!);
      subPeriod.push(q);
      subStatus.push(status);
      if (status === 'returned' && q === lastQuarter) returned.push({ id: ids[i]!, code: codes[i]! });
    }
  }
  const subRows = await sql.query<{ id: number; unitId: number; periodCode: string }>(
    `INSERT INTO "Submission" ("unitId", "periodCode", status, version, "updatedAt", "submittedAt", "verifiedAt", "returnedAt", "returnReason")
     SELECT u, p, s::"SubmissionStatus", 2, now(),
            CASE WHEN s <> 'draft' THEN now() END, CASE WHEN s = 'verified' THEN now() END,
            CASE WHEN s = 'returned' THEN now() END, CASE WHEN s = 'returned' THEN '请补充材料' END
       FROM unnest($1::int[], $2::text[], $3::text[]) AS x(u, p, s)
     RETURNING id, "unitId", "periodCode"`,
    [subUnit, subPeriod, subStatus],
  );
  const subId = new Map(subRows.map((s) => [`${s.unitId}|${s.periodCode}`, s.id]));
  const tSubs = performance.now();
  log(`submissions: ${subRows.length} in ${((tSubs - tUnits) / 1000).toFixed(1)} s`);

  // Values: every catalogue indicator of the unit's group, for every unit-quarter with a submission.
  // Bulk-load technique (as pg_restore does): the rows are consistent by construction, so foreign-key
  // triggers are off for this one session and the secondary indexes are rebuilt once at the end.
  const CHUNK = 200_000;
  let values = 0;
  await sql.withConnection(async (conn) => {
    const secondary = await conn.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'Value' AND indexname NOT LIKE '%_pkey'`,
    );
    const [pkey] = await conn.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '"Value"'::regclass AND contype = 'p'`,
    );
    for (const ix of secondary) await conn.exec(`DROP INDEX "${ix.indexname}"`);
    if (pkey) await conn.exec(`ALTER TABLE "Value" DROP CONSTRAINT "${pkey.name}"`);
    await conn.exec(`SET session_replication_role = replica`);
    let vSub: number[] = [];
    let vUnit: number[] = [];
    let vPeriod: string[] = [];
    let vCode: string[] = [];
    let vValue: number[] = [];
    // One statement in flight while the next chunk is generated.
    let inFlight: Promise<unknown> = Promise.resolve();
    const flush = async () => {
      if (vSub.length === 0) return;
      const params = [vSub, vUnit, vPeriod, vCode, vValue];
      values += vSub.length;
      vSub = [];
      vUnit = [];
      vPeriod = [];
      vCode = [];
      vValue = [];
      await inFlight;
      inFlight = conn.query(
        `INSERT INTO "Value" ("submissionId", "unitId", "periodCode", "indicatorCode", value)
         SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[])`,
        params,
      );
    };
    try {
      const diligence = ids.map(() => 0.3 + 1.2 * r());
      const deployed = ids.map(() => r() < 0.5);
      for (const q of quarters) {
        for (let i = 0; i < opts.units; i++) {
          if (!deployed[i] && r() < 0.15) deployed[i] = true;
          const vals = quarterValues(r, groups[i] === 'grassroots', diligence[i]!, deployed[i]!);
          const sid = subId.get(`${ids[i]}|${q}`);
          if (sid === undefined) continue;
          for (const code in vals) {
            vSub.push(sid);
            vUnit.push(ids[i]!);
            vPeriod.push(q);
            vCode.push(code);
            vValue.push(vals[code]!);
          }
          if (vSub.length >= CHUNK) await flush();
        }
      }
      await flush();
      await inFlight;
    } finally {
      await conn.exec(`SET session_replication_role = DEFAULT`);
      const tIndex = performance.now();
      await conn.exec(`SET maintenance_work_mem = '512MB'`);
      if (pkey) await conn.exec(`ALTER TABLE "Value" ADD CONSTRAINT "${pkey.name}" ${pkey.def}`);
      for (const ix of secondary) await conn.exec(ix.indexdef);
      await conn.exec(`RESET maintenance_work_mem`);
      log(`value indexes rebuilt in ${((performance.now() - tIndex) / 1000).toFixed(1)} s`);
    }
  });
  const tValues = performance.now();
  log(`values: ${values} in ${((tValues - tSubs) / 1000).toFixed(1)} s`);

  // Findings (~0.45 per unit-quarter) and commendations (~0.15 per unit-quarter).
  const f = {
    unit: [] as number[],
    period: [] as string[],
    severity: [] as string[],
    deduction: [] as number[],
    description: [] as string[],
    deadline: [] as (string | null)[],
    rectified: [] as (string | null)[],
    status: [] as string[],
  };
  const c = { unit: [] as number[], period: [] as string[], points: [] as number[], reason: [] as string[] };
  const addDays = (iso: string, days: number) =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  for (const q of quarters) {
    for (let i = 0; i < opts.units; i++) {
      let k = r() < 0.35 ? 1 : 0;
      if (k && r() < 0.25) k = 2;
      for (let j = 0; j < k; j++) {
        const x = r();
        const severity = x < 0.8 ? 'minor' : x < 0.995 ? 'major' : 'veto';
        const deduction =
          severity === 'minor'
            ? 0.5 + Math.floor(r() * 6) * 0.5
            : severity === 'major'
              ? 3 + Math.floor(r() * 11) * 0.5
              : 10;
        const deadline = addDays(periodBounds(q).end, 15 + Math.floor(r() * 60));
        const y = r();
        const rectified =
          y < 0.6
            ? addDays(deadline, -Math.floor(r() * 20))
            : y < 0.75
              ? addDays(deadline, 1 + Math.floor(r() * 30))
              : null;
        f.unit.push(ids[i]!);
        f.period.push(q);
        f.severity.push(severity);
        f.deduction.push(deduction);
        f.description.push(`${q} 督查发现：信息公开栏目更新不及时（第${j + 1}项）`);
        f.deadline.push(deadline);
        f.rectified.push(rectified);
        f.status.push(rectified ? (r() < 0.8 ? 'confirmed' : 'pending') : 'open');
      }
      if (r() < 0.15) {
        c.unit.push(ids[i]!);
        c.period.push(q);
        c.points.push(0.5 + Math.floor(r() * 6) * 0.5);
        c.reason.push(`${q} 政务公开工作受上级通报表扬`);
      }
    }
  }
  for (let i = 0; i < f.unit.length; i += CHUNK) {
    const s = (a: unknown[]) => a.slice(i, i + CHUNK);
    await sql.query(
      `INSERT INTO "Finding" ("unitId", "periodCode", severity, deduction, description, deadline, "rectifiedAt", "rectificationStatus", "rectificationNote")
       SELECT u, p, s::"Severity", d, t, dl, ra, st::"RectificationStatus", CASE WHEN ra IS NOT NULL THEN '已整改' END
         FROM unnest($1::int[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::date[], $7::date[], $8::text[]) AS x(u, p, s, d, t, dl, ra, st)`,
      [
        s(f.unit),
        s(f.period),
        s(f.severity),
        s(f.deduction),
        s(f.description),
        s(f.deadline),
        s(f.rectified),
        s(f.status),
      ],
    );
  }
  await sql.query(
    `INSERT INTO "Commendation" ("unitId", "periodCode", points, reason)
     SELECT * FROM unnest($1::int[], $2::text[], $3::numeric[], $4::text[])`,
    [c.unit, c.period, c.points, c.reason],
  );
  const tFindings = performance.now();
  log(`findings: ${f.unit.length}, commendations: ${c.unit.length} in ${((tFindings - tValues) / 1000).toFixed(1)} s`);

  // Fresh statistics and visibility maps, as autovacuum would leave a database that has been running.
  await sql.exec('VACUUM ANALYZE');
  const tVacuum = performance.now();
  log(`vacuum analyze in ${((tVacuum - tFindings) / 1000).toFixed(1)} s`);

  return {
    units: opts.units,
    grassroots: groups.filter((g) => g === 'grassroots').length,
    organs: groups.filter((g) => g === 'organs').length,
    quarters,
    submissions: subRows.length,
    values,
    findings: f.unit.length,
    commendations: c.unit.length,
    returnedInLastQuarter: returned,
    seconds: {
      units: (tUnits - t0) / 1000,
      submissions: (tSubs - tUnits) / 1000,
      values: (tValues - tSubs) / 1000,
      findings: (tFindings - tValues) / 1000,
      vacuum: (tVacuum - tFindings) / 1000,
    },
  };
}
