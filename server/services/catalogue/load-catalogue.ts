import type { Tx } from '../../db';
import type { IndicatorCategory, IndicatorDef, IndicatorKind, RankGroup } from '../../domain/catalogue';
import { DEFAULT_CATALOGUE } from '../../domain/catalogue';

/** The active indicator catalogue, in display order. */
export async function loadCatalogue(tx: Tx): Promise<IndicatorDef[]> {
  const rows = await tx.indicator.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
  });
  return rows.map((r) => ({
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    category: r.category as IndicatorCategory,
    kind: r.kind as IndicatorKind,
    measure: r.measure,
    min: r.min,
    max: r.max,
    notAboveSumOf: r.notAboveSumOf,
    group: (r.group ?? null) as RankGroup | null,
    sortOrder: r.sortOrder,
  }));
}

/** Installs the default catalogue where an indicator is missing (never overwrites an edited one). */
export async function ensureDefaultCatalogue(tx: Tx): Promise<number> {
  const res = await tx.indicator.createMany({
    data: DEFAULT_CATALOGUE.map((d) => ({
      code: d.code,
      nameZh: d.nameZh,
      nameEn: d.nameEn,
      category: d.category,
      kind: d.kind,
      measure: d.measure,
      min: d.min,
      max: d.max,
      notAboveSumOf: d.notAboveSumOf,
      group: d.group,
      sortOrder: d.sortOrder,
    })),
    skipDuplicates: true,
  });
  return res.count;
}
