/**
 * Reads the year's figures for the report. Every read answers a number or null (not recorded) — never a
 * default — and remembers which catalogue indicators were missing, so the report can list them once.
 */
import { DEFAULT_CATALOGUE, DERIVED_TOTALS } from '../catalogue.ts';
import { EXTRA_FIGURES_BY_KEY } from './extra-figures.ts';

export type FigureReader = {
  /** A catalogue indicator; a missing one is remembered for the report's warning. */
  value(code: string): number | null;
  /** As `value`, for figures that only some units enter (e.g. `approval.deployed`): missing is not worth a warning. */
  peek(code: string): number | null;
  /** A derived total (`pub.total` …): the sum of its parts when all are recorded. */
  total(code: keyof typeof DERIVED_TOTALS): number | null;
  /** A figure of the `extra` catalogue. */
  extra(key: string): number | null;
  /** Catalogue codes read but not recorded, in catalogue order. */
  missingCodes(): string[];
};

const CATALOGUE_BY_CODE = new Map(DEFAULT_CATALOGUE.map((d) => [d.code, d]));

export function indicatorLabel(code: string): string {
  return CATALOGUE_BY_CODE.get(code)?.nameZh ?? code;
}

export function indicatorMeasure(code: string): string {
  return CATALOGUE_BY_CODE.get(code)?.measure ?? '';
}

export function createFigureReader(
  values: Readonly<Record<string, number>>,
  extra: Readonly<Record<string, number>>,
  warnings: string[],
): FigureReader {
  const missing = new Set<string>();
  const cleanValues = new Map<string, number>();
  const cleanExtra = new Map<string, number>();

  for (const [code, n] of Object.entries(values)) {
    // Custom indicators of a year's scheme may ride along in the aggregate; the report simply ignores them.
    if (!isValidFigure(n, false)) {
      warnings.push(`指标“${indicatorLabel(code)}”的数值 ${String(n)} 无效（应为非负整数），报告中按未统计处理。`);
      continue;
    }
    cleanValues.set(code, n);
  }
  for (const [key, n] of Object.entries(extra)) {
    const def = EXTRA_FIGURES_BY_KEY.get(key);
    if (!def) {
      warnings.push(`未知的补充统计项 ${key} 已忽略。`);
      continue;
    }
    if (!isValidFigure(n, def.allowsDecimals)) {
      warnings.push(
        `补充统计项“${def.labelZh}”的数值 ${String(n)} 无效（应为非负${def.allowsDecimals ? '数' : '整数'}），报告中按未统计处理。`,
      );
      continue;
    }
    cleanExtra.set(key, n);
  }

  const peek = (code: string) => cleanValues.get(code) ?? null;
  const value = (code: string) => {
    const n = peek(code);
    if (n === null) missing.add(code);
    return n;
  };

  return {
    value,
    peek,
    total(code) {
      const parts = DERIVED_TOTALS[code] ?? [];
      const nums = parts.map(value);
      if (nums.every((n): n is number => n !== null)) return nums.reduce((a, b) => a + b, 0);
      // An aggregate may carry the total itself even when a part is missing.
      return peek(code);
    },
    extra: (key) => cleanExtra.get(key) ?? null,
    missingCodes: () => DEFAULT_CATALOGUE.map((d) => d.code).filter((c) => missing.has(c)),
  };
}

function isValidFigure(n: unknown, allowsDecimals: boolean): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && (allowsDecimals || Number.isInteger(n));
}

/** Sum of figures, or null when any is not recorded. */
export function sumKnown(nums: readonly (number | null)[]): number | null {
  let total = 0;
  for (const n of nums) {
    if (n === null) return null;
    total += n;
  }
  return total;
}

/** The first figure that is recorded. */
export function firstKnown(...nums: (number | null)[]): number | null {
  for (const n of nums) if (n !== null) return n;
  return null;
}
