import type { Tx } from '../../db';
import { execute, queryRows } from '../../db';
import { sql } from '../../sql';

export type ValueRow = { unitId: number; periodCode: string; indicatorCode: string; value: number };

/** Current values of the given unit-quarters, keyed `unitId|period` → code → value. */
export async function loadValues(
  tx: Tx,
  pairs: { unitId: number; periodCode: string }[],
): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (pairs.length === 0) return out;
  const rows = await queryRows<{ unitId: number; periodCode: string; indicatorCode: string; value: number }>(
    tx,
    sql`SELECT v."unitId", v."periodCode", v."indicatorCode", v."value"
       FROM "Value" v
       JOIN jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS k("unitId" int, "periodCode" text)
         ON k."unitId" = v."unitId" AND k."periodCode" = v."periodCode"`,
  );
  for (const r of rows) {
    const key = `${r.unitId}|${r.periodCode}`;
    const rec = out.get(key) ?? {};
    rec[r.indicatorCode] = Number(r.value);
    out.set(key, rec);
  }
  return out;
}

/**
 * Ensures a submission row exists for each unit-quarter (status `status` for new ones) and returns their ids,
 * keyed `unitId|period`. Set-based so that 100,000-row imports stay fast.
 */
export async function ensureSubmissions(
  tx: Tx,
  pairs: { unitId: number; periodCode: string }[],
  status: 'draft' | 'submitted',
): Promise<Map<string, { id: number; status: string; version: number }>> {
  const out = new Map<string, { id: number; status: string; version: number }>();
  if (pairs.length === 0) return out;
  await execute(
    tx,
    sql`INSERT INTO "Submission" ("unitId", "periodCode", "status", "version", "updatedAt", "submittedAt")
     SELECT k."unitId", k."periodCode", ${status}::"SubmissionStatus", 1, now(), CASE WHEN ${status} = 'submitted' THEN now() END
       FROM jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS k("unitId" int, "periodCode" text)
     ON CONFLICT ("unitId", "periodCode") DO NOTHING`,
  );
  const rows = await queryRows<{ id: number; unitId: number; periodCode: string; status: string; version: number }>(
    tx,
    sql`SELECT s.id, s."unitId", s."periodCode", s.status::text AS status, s.version
       FROM "Submission" s
       JOIN jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS k("unitId" int, "periodCode" text)
         ON k."unitId" = s."unitId" AND k."periodCode" = s."periodCode"`,
  );
  for (const r of rows) out.set(`${r.unitId}|${r.periodCode}`, { id: r.id, status: r.status, version: r.version });
  return out;
}

/** Upserts value rows, 50,000 a statement (columns as arrays); returns how many rows actually changed. */
export async function upsertValues(tx: Tx, rows: (ValueRow & { submissionId: number })[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < rows.length; i += 50_000) {
    const chunk = rows.slice(i, i + 50_000);
    changed += await execute(
      tx,
      sql`INSERT INTO "Value" ("submissionId", "unitId", "periodCode", "indicatorCode", "value")
       SELECT * FROM unnest(${chunk.map((r) => r.submissionId)}::int[], ${chunk.map((r) => r.unitId)}::int[],
                            ${chunk.map((r) => r.periodCode)}::text[], ${chunk.map((r) => r.indicatorCode)}::text[],
                            ${chunk.map((r) => r.value)}::int[])
       ON CONFLICT ("periodCode", "unitId", "indicatorCode")
       DO UPDATE SET "value" = EXCLUDED."value", "submissionId" = EXCLUDED."submissionId"
       WHERE "Value"."value" IS DISTINCT FROM EXCLUDED."value"`,
    );
  }
  return changed;
}
