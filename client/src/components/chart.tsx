/** A chart that loads the ECharts chunk on first use, so pages without charts (and the login page) never download it. */
import { Suspense } from 'react';
import { preloadable } from '../lib/preloadable';
import type { ChartOption } from './chart-types';

const { preload: loadEChart, Component: EChart } = preloadable(() => import('./echart'));

/** Starts downloading the chart chunk now, alongside the page's data, rather than when the first chart renders. */
export function preloadCharts(): void {
  void loadEChart();
}

/** `label` describes the chart for screen readers; the figures it draws are also shown as text nearby. */
export function Chart({ option, height = 280, label }: { option: ChartOption; height?: number; label: string }) {
  return (
    <div className="chart" role="img" aria-label={label} style={{ minHeight: height }}>
      <Suspense fallback={<div className="chart-placeholder" style={{ height }} aria-hidden="true" />}>
        <EChart option={option} height={height} />
      </Suspense>
    </div>
  );
}
