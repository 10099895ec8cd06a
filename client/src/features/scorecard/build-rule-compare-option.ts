import type { ChartOption } from '../../components/chart-types';
import { COLORS } from '../../lib/colors';

export type RuleCompareRow = { label: string; earned: number; average: number | null; points: number };

/** Each rule's points for the unit beside its group's average, against the rule's maximum (a pale bar behind). */
export function buildRuleCompareOption(input: { rules: RuleCompareRow[]; labels: { unit: string; average: string; max: string } }): ChartOption {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [input.labels.unit, input.labels.average, input.labels.max] },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: { type: 'category', inverse: true, data: input.rules.map((r) => r.label), axisLabel: { width: 150, overflow: 'break' } },
    series: [
      {
        type: 'bar',
        name: input.labels.max,
        barWidth: 26,
        barGap: '-100%',
        itemStyle: { color: COLORS.grid },
        silent: true,
        data: input.rules.map((r) => r.points),
        z: 1,
      },
      {
        type: 'bar',
        name: input.labels.unit,
        barWidth: 12,
        barGap: '-100%',
        itemStyle: { color: COLORS.primary },
        label: { show: true, position: 'right', fontSize: 11 },
        data: input.rules.map((r) => round(r.earned)),
        z: 3,
      },
      {
        type: 'bar',
        name: input.labels.average,
        barWidth: 6,
        barGap: '60%',
        itemStyle: { color: COLORS.late },
        data: input.rules.map((r) => (r.average === null ? null : round(r.average))),
        z: 2,
      },
    ],
  };
}
