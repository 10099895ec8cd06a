import type { ChartOption } from '../../components/chart-types';
import { COLORS } from '../../lib/colors';

/** A progress ring of the approval rollout (done of total); the `24/36` text is drawn in HTML over it. */
export function buildRolloutGaugeOption(input: { done: number; total: number; label: string }): ChartOption {
  const share = input.total > 0 ? Math.round((input.done / input.total) * 1000) / 10 : 0;
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        name: input.label,
        startAngle: 90,
        endAngle: -270,
        min: 0,
        max: 100,
        radius: '92%',
        pointer: { show: false },
        progress: { show: true, roundCap: true, width: 14, itemStyle: { color: COLORS.primary } },
        axisLine: { lineStyle: { width: 14, color: [[1, COLORS.grid]] } },
        splitLine: { show: false },
        axisTick: { show: false },
        axisLabel: { show: false },
        title: { show: false },
        detail: { show: false },
        data: [{ value: share, name: input.label }],
      },
    ],
  };
}
