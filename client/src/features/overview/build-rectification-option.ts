import type { ChartOption } from '../../components/chart-types';
import { COLORS } from '../../lib/colors';

export type RectificationCounts = { open: number; overdue: number; rectified: number; late: number };
const KEYS = ['rectified', 'late', 'open', 'overdue'] as const;

/** A ring of the period's findings by rectification state; empty states are left out. */
export function buildRectificationOption(input: {
  counts: RectificationCounts;
  labels: Record<(typeof KEYS)[number], string>;
}): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['48%', '72%'],
        center: ['50%', '50%'],
        avoidLabelOverlap: true,
        label: { show: true, formatter: '{c}' },
        data: KEYS.filter((k) => input.counts[k] > 0).map((k) => ({
          name: input.labels[k],
          value: input.counts[k],
          itemStyle: { color: COLORS[k] },
        })),
      },
    ],
  };
}
