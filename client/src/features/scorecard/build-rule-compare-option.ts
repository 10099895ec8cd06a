import type { ChartOption } from '../../components/chart-types';
import { COLORS } from '../../lib/colors';

export type RuleCompareRow = { label: string; earned: number; average: number | null; points: number };

/**
 * Per rule, two bars: the unit's points with the rest of the rule's maximum stacked after them (pale),
 * and the group's average.
 */
export function buildRuleCompareOption(input: {
  rules: RuleCompareRow[];
  labels: { unit: string; average: string; rest: string };
}): ChartOption {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [input.labels.unit, input.labels.rest, input.labels.average] },
    grid: { left: 8, right: 32, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: input.rules.map((r) => r.label),
      axisLabel: { width: 150, overflow: 'break' },
    },
    series: [
      {
        type: 'bar',
        name: input.labels.unit,
        stack: 'unit',
        barMaxWidth: 14,
        itemStyle: { color: COLORS.primary },
        label: {
          show: true,
          position: 'insideRight',
          color: '#fff',
          fontSize: 11,
          formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
        },
        data: input.rules.map((r) => round(r.earned)),
      },
      {
        type: 'bar',
        name: input.labels.rest,
        stack: 'unit',
        barMaxWidth: 14,
        itemStyle: { color: COLORS.grid },
        data: input.rules.map((r) => round(Math.max(0, r.points - r.earned))),
      },
      {
        type: 'bar',
        name: input.labels.average,
        barMaxWidth: 14,
        itemStyle: { color: COLORS.late },
        label: { show: true, position: 'right', fontSize: 11 },
        data: input.rules.map((r) => (r.average === null ? null : round(r.average))),
      },
    ],
  };
}
