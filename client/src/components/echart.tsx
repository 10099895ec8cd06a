/** The one ECharts wrapper: echarts-for-react's core over echarts/core with only the charts this app draws. Loaded lazily (see chart.tsx). */

import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendPlainComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import EChartsReactCore from 'echarts-for-react/esm/core';
import { useRef } from 'react';
import type { ChartOption } from './chart-types';

// Only what the option builders use: every extra chart or component costs the first page's download.
echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

export type EChartProps = { option: ChartOption; height: number };

/** Marks its box `data-drawn` once ECharts has drawn the option (tests and the benchmark wait for it). */
export default function EChart({ option, height }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  return (
    <div ref={box}>
      <EChartsReactCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        style={{ height, width: '100%' }}
        opts={{ renderer: 'canvas' }}
        onChartReady={(instance) => instance.on('finished', () => box.current?.setAttribute('data-drawn', 'true'))}
      />
    </div>
  );
}
