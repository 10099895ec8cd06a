/** The period of a page: `?period=` when it is a known one, else the latest quarter; with the list for the picker. */
import { useQuery } from '@tanstack/react-query';
import { defaultPeriod } from './periods';
import { useSearchParam } from './router';
import { trpc } from './trpc';

export function usePagePeriod(opts: { quartersOnly?: boolean } = {}) {
  const periods = useQuery(trpc.meta.periods.queryOptions());
  const [requested, setRequested] = useSearchParam('period');
  const list = periods.data ?? [];
  const period = periods.data ? defaultPeriod(list, requested, opts) : null;
  const codes = list.map((p) => p.code).filter((c) => !opts.quartersOnly || /Q[1-4]$/.test(c));
  const info = list.find((p) => p.code === period) ?? null;
  return { periods, period, codes, info, setPeriod: (code: string) => setRequested(code) };
}
