import type { ChartOption } from '../../components/chart-types';
import { escapeHtml } from '../../lib/escape-html';

export type HeatmapRule = { code: string; label: string; points: number };
export type HeatmapUnit = { code: string; name: string; rules: Record<string, number> };

/** Height (px) that gives every unit a readable row. */
export function heatmapHeight(unitCount: number): number {
  return Math.max(160, unitCount * 18 + 90);
}

/**
 * Units (rows) × scoring rules (columns), coloured by the share of the rule's points earned (0–100%).
 * A rule that does not apply to a unit's group is left blank.
 */
export function buildHeatmapOption(input: {
  units: HeatmapUnit[];
  rules: HeatmapRule[];
  earnedLabel: string;
}): ChartOption {
  const data: [number, number, number][] = [];
  input.units.forEach((u, y) => {
    input.rules.forEach((r, x) => {
      const earned = u.rules[r.code];
      if (earned === undefined) return;
      const share = r.points > 0 ? Math.round((earned / r.points) * 1000) / 10 : 0;
      data.push([x, y, Math.max(0, Math.min(100, share))]);
    });
  });
  const units = input.units;
  const rules = input.rules;
  return {
    animation: false,
    tooltip: {
      position: 'top',
      formatter: (p: unknown) => {
        const v = (p as { value?: [number, number, number] }).value;
        if (!v) return '';
        const u = units[v[1]];
        const r = rules[v[0]];
        if (!u || !r) return '';
        const earned = u.rules[r.code] ?? 0;
        return (
          `${escapeHtml(u.name)}（${escapeHtml(u.code)}）<br/>${escapeHtml(r.label)}<br/>` +
          `${escapeHtml(input.earnedLabel)}: ${earned} / ${r.points}（${v[2]}%）`
        );
      },
    },
    grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
    xAxis: {
      type: 'category',
      data: rules.map((r) => r.label),
      position: 'top',
      axisLabel: { interval: 0, fontSize: 12 },
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: units.map((u) => u.name),
      inverse: true,
      axisLabel: { fontSize: 11, interval: 0 },
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 8,
      itemHeight: 180,
      text: ['100%', '0%'],
      inRange: { color: ['#c62828', '#f2c94c', '#2e7d32'] },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: false },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#1f2933', borderWidth: 1 } },
        progressive: 0,
      },
    ],
  };
}
