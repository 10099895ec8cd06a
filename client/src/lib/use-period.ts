/**
 * The period of a page: `?period=` when it is offered, else the latest quarter closed for entry (periods.ts);
 * with the list for the picker (periods with data or open for entry).
 */
import { useQuery } from '@tanstack/react-query';
import { defaultPeriod, pickablePeriods } from './periods';
import { useSearchParam } from './router';
import { trpc } from './trpc';

export function usePagePeriod(opts: { quartersOnly?: boolean } = {}) {
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const [requested, setRequested] = useSearchParam('period');
  const list = periods.data ?? [];
  const period = periods.data ? defaultPeriod(list, requested, opts) : null;
  const codes = pickablePeriods(list)
    .map((p) => p.code)
    .filter((c) => !opts.quartersOnly || /Q[1-4]$/.test(c));
  const info = list.find((p) => p.code === period) ?? null;
  return { periods, period, codes, info, setPeriod: (code: string) => setRequested(code) };
}
