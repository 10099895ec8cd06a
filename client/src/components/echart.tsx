/** The one ECharts wrapper: echarts-for-react's core over echarts/core with only the charts this app draws. Loaded lazily (see chart.tsx). */
import EChartsReactCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption } from './chart-types';

echarts.use([BarChart, LineChart, GaugeChart, HeatmapChart, PieChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, TitleComponent, MarkLineComponent, CanvasRenderer]);

export type EChartProps = { option: ChartOption; height: number; onReady?: () => void };

export default function EChart({ option, height, onReady }: EChartProps) {
  return (
    <EChartsReactCore
      echarts={echarts}
      option={option}
      notMerge
      lazyUpdate
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
      onChartReady={onReady ? () => onReady() : undefined}
    />
  );
}
