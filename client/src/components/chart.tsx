/** A chart that loads the ECharts chunk on first use, so pages without charts (and the login page) never download it. */
import { lazy, Suspense } from 'react';
import type { ChartOption } from './chart-types';

const EChart = lazy(() => import('./echart'));

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
