import type { ChartOption } from '../../components/chart-types';
import { COLORS } from '../../lib/colors';

/** A progress ring of the approval rollout (done of total); the `24/36` text is drawn in HTML in its middle. */
export function buildRolloutRingOption(input: {
  done: number;
  total: number;
  label: string;
  doneLabel: string;
  restLabel: string;
}): ChartOption {
  const done = Math.max(0, Math.min(input.done, input.total));
  const rest = Math.max(0, input.total - done);
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        type: 'pie',
        name: input.label,
        radius: ['72%', '90%'],
        center: ['50%', '50%'],
        startAngle: 90,
        clockwise: true,
        avoidLabelOverlap: false,
        label: { show: false },
        labelLine: { show: false },
        emphasis: { scale: false },
        data: [
          { name: input.doneLabel, value: done, itemStyle: { color: COLORS.primary } },
          { name: input.restLabel, value: rest, itemStyle: { color: COLORS.grid } },
        ],
      },
    ],
  };
}
