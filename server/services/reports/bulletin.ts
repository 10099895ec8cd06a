import { type Tx, transactional } from '../../db';
import type { SaveBulletinTextsInput } from '../../domain/inputs/reports';
import type { Scope } from '../../domain/names';
import {
  BULLETIN_TEXT_KEYS,
  type BulletinModel,
  type BulletinTextKey,
  buildBulletin,
} from '../../domain/report/bulletin';
import { AppError } from '../../errors';
import { type Actor, recordAudit } from '../audit/record-audit';
import { collectFacts } from '../publication/publication-facts';
import { requirePublication } from '../publication/publications';
import { CITY_ISSUER } from './annual-report';

/** The office that issues the bulletin. */
export const BULLETIN_ISSUER = `${CITY_ISSUER}督查室`;

/** A timestamp's day in China time (no daylight saving). */
const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The bulletin of a published period (the latest version unless one is named), built from the version's
 * frozen rows and facts and the period's edited texts. A unit operator gets its own unit's part only;
 * before publication it is NOT_FOUND for everyone.
 */
export async function buildBulletinFor(
  tx: Tx,
  input: { period: string; version?: number | undefined; scope: Scope },
): Promise<BulletinModel> {
  const pub = await requirePublication(tx, input.period, input.version);
  let unit: { code: string; name: string } | null = null;
  if (input.scope.kind === 'unit') {
    const own = await tx.unit.findUnique({ where: { id: input.scope.unitId }, select: { code: true } });
    if (!own) throw new AppError('NOT_FOUND', 'common.notBoundToUnit');
    // The name as published (a later rename does not change the version).
    const row = pub.body.rows.find((r) => r.unit === own.code);
    unit = { code: own.code, name: row?.name ?? own.code };
  }
  const warnings: string[] = [];
  let facts = pub.body.facts;
  if (!facts) {
    facts = await collectFacts(tx, input.period, dayOf(pub.publishedAt));
    warnings.push(
      `公示第${pub.version}版发布于版本化之前，未保存督查数据；通报中的统计数据按当前数据生成，排名为公示版本。`,
    );
  }
  const texts = await getBulletinTexts(tx, input.period);
  const model = buildBulletin({
    period: input.period,
    issuer: BULLETIN_ISSUER,
    version: pub.version,
    publishedOn: dayOf(pub.publishedAt),
    rows: pub.body.rows,
    facts,
    texts,
    unit,
  });
  return { ...model, warnings: [...model.warnings, ...warnings] };
}

export async function getBulletinTexts(tx: Tx, period: string): Promise<Partial<Record<BulletinTextKey, string>>> {
  const rows = await tx.bulletinText.findMany({ where: { periodCode: period }, select: { section: true, text: true } });
  return Object.fromEntries(
    rows.filter((r) => (BULLETIN_TEXT_KEYS as readonly string[]).includes(r.section)).map((r) => [r.section, r.text]),
  );
}

/** Saves the edited sections of a period's bulletin (opening, requirements, other), audited. */
export const saveBulletinTexts = transactional(async function saveBulletinTexts(
  tx: Tx,
  actor: Actor,
  input: SaveBulletinTextsInput,
): Promise<Partial<Record<BulletinTextKey, string>>> {
  const before = await getBulletinTexts(tx, input.period);
  for (const [section, text] of Object.entries(input.texts)) {
    if (!(BULLETIN_TEXT_KEYS as readonly string[]).includes(section))
      throw new AppError('BAD_REQUEST', 'bulletin.unknownSection', {
        section,
        sections: BULLETIN_TEXT_KEYS.join(', '),
      });
    if (text.length > 20_000) throw new AppError('BAD_REQUEST', 'common.sectionTooLong', { section });
    await tx.bulletinText.upsert({
      where: { periodCode_section: { periodCode: input.period, section } },
      create: { periodCode: input.period, section, text, updatedById: actor.id },
      update: { text, updatedById: actor.id },
    });
  }
  await recordAudit(tx, actor, {
    action: 'bulletin.edit',
    entity: 'bulletin',
    entityId: input.period,
    before,
    after: input.texts,
  });
  return getBulletinTexts(tx, input.period);
});
