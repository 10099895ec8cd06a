/** Inputs of scores and rankings (server/routers/scores.ts → services/scores/). */
import { z } from 'zod';
import { SEARCH_MAX } from '../ranking-order';
import { group, periodCode, unitAsUnitCode, unitCode } from './common';

const offset = z.number().int().min(0).max(10_000_000);
const version = z.number().int().min(1);

/** Rankings with every figure (city-wide roles): a group's rows sorted, searched and paged on the server. */
export const rankingsInput = z.object({
  period: periodCode,
  group: group.optional(),
  /** `rank` (default), `change`, `name`, `unit`, `score`, `base`, `deductions`, `bonus` or `rule:<code>`. */
  sort: z
    .string()
    .max(80)
    .regex(
      /^(rank|change|name|unit|score|base|deductions|bonus|rule:[\w.-]+)$/,
      'sort by rank, change, name, unit, score, base, deductions, bonus or rule:<code>',
    )
    .optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  /** Part of a unit's name or code. */
  search: z.string().max(SEARCH_MAX).optional(),
  offset: offset.optional(),
  /** Rows of one page; all rows when absent. */
  limit: z.number().int().min(1).max(1000).optional(),
});
export type RankingsInput = z.infer<typeof rankingsInput>;

/** A published ranking (the latest version without `version`). */
export const publishedInput = z.object({ period: periodCode, group: group.optional(), version: version.optional() });

/** One page of a group's published ranking, searched on the server. */
export const publishedPageInput = z.object({
  period: periodCode,
  group,
  search: z.string().max(SEARCH_MAX).optional(),
  offset: offset.optional(),
  limit: z.number().int().min(1).max(1000),
  version: version.optional(),
});
export type PublishedPageInput = z.infer<typeof publishedPageInput>;

/** One unit's period (its scorecard, its rank movement). */
export const unitPeriodInput = z.object({ period: periodCode, unit: unitCode }).transform(unitAsUnitCode);
export type UnitPeriodInput = z.infer<typeof unitPeriodInput>;
