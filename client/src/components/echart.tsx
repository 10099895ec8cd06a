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
import { useEffect, useRef } from 'react';
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

/**
 * Marks its box `data-drawn` once ECharts has drawn the option (tests and the benchmark wait for it).
 * Printing redraws the chart at the width the page has on paper (A4 is narrower than most screens), and again at
 * the screen's width afterwards; the print style also scales any canvas down to its box, so nothing is cut off.
 */
export default function EChart({ option, height }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsReactCore>(null);
  useEffect(() => {
    // Synchronous, unlike the size sensor's resize: the browser lays out the printout right after these events.
    const fit = () => {
      const el = box.current;
      const instance = chart.current?.getEchartsInstance();
      if (!el || !instance || el.clientWidth === 0) return;
      if (instance.getWidth() !== el.clientWidth)
        instance.resize({ width: el.clientWidth, height, animation: { duration: 0 } });
    };
    const print = window.matchMedia('print');
    print.addEventListener('change', fit);
    window.addEventListener('beforeprint', fit);
    window.addEventListener('afterprint', fit);
    return () => {
      print.removeEventListener('change', fit);
      window.removeEventListener('beforeprint', fit);
      window.removeEventListener('afterprint', fit);
    };
  }, [height]);
  return (
    <div ref={box} className="echart-box">
      <EChartsReactCore
        ref={chart}
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
