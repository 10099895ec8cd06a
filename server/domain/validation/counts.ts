import type { IndicatorDef } from '../catalogue';
import { type NumberCell, parseCount } from './numbers';

/** A count as read from a spreadsheet cell: left blank, a whole number, or a problem to report. */
export type CountCell = NumberCell;

/** Reads a count from a cell's value (a number, or text as typed): the one parser of numbers.ts. */
export function parseCountCell(raw: unknown): CountCell {
  return parseCount(raw);
}

/** The hint a data-entry form or template shows beside an indicator: its kind and bounds, in Chinese and English. */
export function describeBounds(def: IndicatorDef, catalogue: readonly IndicatorDef[]): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  if (def.max === 1 && def.min === 0) {
    zh.push('填 0（否）或 1（是）');
    en.push('0 (no) or 1 (yes)');
  } else {
    zh.push(def.max !== null ? `整数，${def.min}–${def.max}` : `整数，≥ ${def.min}`);
    en.push(def.max !== null ? `whole number, ${def.min}–${def.max}` : `whole number ≥ ${def.min}`);
  }
  zh.push(def.kind === 'flow' ? '本季度内的数量' : '季度末的状态或数量');
  en.push(def.kind === 'flow' ? 'count within the quarter' : 'as at the end of the quarter');
  if (def.notAboveSumOf.length) {
    const byCode = new Map(catalogue.map((d) => [d.code, d]));
    const names = def.notAboveSumOf.map((c) => byCode.get(c)?.nameZh ?? c);
    zh.push(names.length === 1 ? `不得大于“${names[0]}”` : `不得大于${names.join('、')}之和`);
    en.push(
      def.notAboveSumOf.length === 1
        ? `at most ${def.notAboveSumOf[0]}`
        : `at most the sum of ${def.notAboveSumOf.join(', ')}`,
    );
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}
