import type { ChartOption } from '../../components/chart-types';
import { COLORS } from '../../lib/colors';

export type TrendRow = { period: string; published: number; consultations: number; onlineCases: number };

/** City totals by quarter: items published and consultations as bars (left axis), online cases as a line (right axis). */
export function buildTrendOption(input: {
  rows: TrendRow[];
  periodLabel: (code: string) => string;
  labels: { published: string; consultations: string; onlineCases: string };
}): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: input.rows.map((r) => input.periodLabel(r.period)) },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: input.labels.published,
        yAxisIndex: 0,
        barMaxWidth: 28,
        itemStyle: { color: COLORS.primary },
        data: input.rows.map((r) => r.published),
      },
      {
        type: 'bar',
        name: input.labels.consultations,
        yAxisIndex: 0,
        barMaxWidth: 28,
        itemStyle: { color: COLORS.primarySoft },
        data: input.rows.map((r) => r.consultations),
      },
      {
        type: 'line',
        name: input.labels.onlineCases,
        yAxisIndex: 1,
        smooth: false,
        symbolSize: 7,
        itemStyle: { color: COLORS.late },
        lineStyle: { width: 2 },
        data: input.rows.map((r) => r.onlineCases),
      },
    ],
  };
}
