import type { ChartOption } from '../../components/chart-types';
import { COLORS, GRADE_COLORS } from '../../lib/colors';

export type TrendPoint = { period: string; score: number; rank: number | null };

/** Quarterly scores as a line (years are left out), with the grade thresholds as dashed, labelled lines. */
export function buildScoreTrendOption(input: {
  points: TrendPoint[];
  periodLabel: (code: string) => string;
  labels: { score: string; rank: string };
  bands: { grade: 'excellent' | 'good' | 'pass'; min: number; label: string }[];
}): ChartOption {
  const quarters = input.points
    .filter((p) => /Q[1-4]$/.test(p.period))
    .sort((a, b) => a.period.localeCompare(b.period));
  const top = Math.max(100, ...quarters.map((p) => p.score));
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: quarters.map((p) => input.periodLabel(p.period)),
      boundaryGap: true,
      axisLabel: { interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', min: 0, max: Math.ceil(top / 10) * 10, splitLine: { lineStyle: { type: 'dashed' } } },
    series: [
      ...input.bands.map((b) => ({
        type: 'line' as const,
        name: b.label,
        data: quarters.map(() => b.min),
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
        lineStyle: { color: GRADE_COLORS[b.grade], type: 'dashed' as const, width: 1 },
        endLabel: { show: true, formatter: b.label, color: GRADE_COLORS[b.grade], fontSize: 11 },
        z: 1,
      })),
      {
        type: 'line',
        name: input.labels.score,
        data: quarters.map((p) => p.score),
        symbolSize: 8,
        lineStyle: { width: 3, color: COLORS.primary },
        itemStyle: { color: COLORS.primary },
        label: { show: true, position: 'top' },
        z: 3,
      },
    ],
  };
}
