import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

/** A chart that follows its container's size; only the parts of ECharts that the app uses are bundled. */
export function EChart({ option, height = 360, ariaLabel, testId }: { option: EChartOption; height?: number; ariaLabel: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const optionRef = useRef<EChartOption | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current);
    // Canvas text drawn before a web font arrives stays in the fallback font: draw again once it has.
    const redraw = () => {
      if (optionRef.current) c.setOption(optionRef.current, { notMerge: true });
    };
    document.fonts?.addEventListener('loadingdone', redraw);
    return () => {
      document.fonts?.removeEventListener('loadingdone', redraw);
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    optionRef.current = option;
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height }} />;
}
