import { TX_LIMITS, type Tx, transactional } from '../../db';
import { DERIVED_TOTALS } from '../../domain/catalogue';
import { evaluateUnit } from '../../domain/scoring/evaluate';
import { type Scheme, validateScheme } from '../../domain/scoring/scheme';
import { AppError } from '../../errors';
import type { Prisma } from '../../generated/prisma/client';
import { type Actor, recordAudit } from '../audit/record-audit';
import { loadCatalogue } from '../catalogue/load-catalogue';
import { loadScoreInputs, quartersOf } from '../scoring/load-score-inputs';
import { rescoreAffected } from '../scoring/rescore';
import { schemeForYear } from '../scoring/scheme-for-year';

async function checkScheme(tx: Tx, json: unknown): Promise<Scheme> {
  const codes = [...(await loadCatalogue(tx)).map((d) => d.code), ...Object.keys(DERIVED_TOTALS)];
  const res = validateScheme(json, codes);
  if (!res.ok)
    throw new AppError(
      'BAD_REQUEST',
      'schemes.invalid',
      { errors: res.errors.join(' '), count: res.errors.length },
      { errors: res.errors, problems: res.problems },
    );
  return res.scheme;
}

export async function getScheme(tx: Tx, year: number) {
  const s = await schemeForYear(tx, year);
  const versions = await tx.scheme.findMany({
    where: { year },
    orderBy: { version: 'desc' },
    select: { version: true, createdAt: true, note: true },
  });
  return {
    ...s,
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), note: v.note })),
  };
}

/** Stores a new version of a year's scheme (validated first; nothing stored on error) and re-scores the year. */
export const setScheme = transactional(async function setScheme(
  tx: Tx,
  actor: Actor,
  input: { year: number; scheme: unknown; note?: string; today: string },
) {
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2200)
    throw new AppError('BAD_REQUEST', 'common.badYear', { year: input.year });
  const scheme = await checkScheme(tx, input.scheme);
  const prior = await schemeForYear(tx, input.year);
  const version = prior.version + 1;
  await tx.scheme.create({
    data: {
      year: input.year,
      version,
      definition: scheme as unknown as Prisma.InputJsonValue,
      note: input.note ?? '',
      createdById: actor.id,
    },
  });
  await recordAudit(tx, actor, {
    action: 'scheme.set',
    entity: 'scheme',
    entityId: `${input.year}v${version}`,
    before: prior.scheme,
    after: scheme,
  });
  const periods = (await tx.period.findMany({ where: { year: input.year }, select: { code: true } })).map(
    (p) => p.code,
  );
  await rescoreAffected(tx, { periods }, input.today);
  return { year: input.year, version };
}, TX_LIMITS.upload);

/** How a proposed scheme would change a period's scores, without storing anything. */
export async function previewScheme(tx: Tx, input: { period: string; scheme: unknown; today: string }) {
  const scheme = await checkScheme(tx, input.scheme);
  quartersOf(input.period);
  const inputs = await loadScoreInputs(tx, input.period, null);
  const stored = new Map(
    (
      await tx.score.findMany({
        where: { periodCode: input.period },
        select: { unitId: true, score: true, grade: true },
      })
    ).map((s) => [s.unitId, s]),
  );
  const rows = inputs.map((u) => {
    const next = evaluateUnit(scheme, u, { period: input.period, today: input.today });
    const cur = stored.get(u.unitId);
    return {
      unit: u.unitCode,
      group: u.group,
      current: cur ? Number(cur.score) : null,
      currentGrade: cur?.grade ?? null,
      proposed: next.score,
      proposedGrade: next.grade,
    };
  });
  return { period: input.period, rows, changed: rows.filter((r) => r.current !== r.proposed).length };
}
