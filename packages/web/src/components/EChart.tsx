import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, CustomChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, AriaComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;
/** What a click on a series element reports (ECharts' event parameters, the parts the app reads). */
export interface EChartClick {
  /** 'series' for a bar or point; 'xAxis' / 'yAxis' for an axis label of an axis with triggerEvent. */
  readonly componentType: string;
  readonly dataIndex?: number;
  readonly seriesIndex?: number;
  readonly name?: string;
  /** An axis label's text. */
  readonly value?: unknown;
}

/** A chart that follows its container's size; only the parts of ECharts that the app uses are bundled. */
export function EChart({ option, height = 360, ariaLabel, testId, onClick }: { option: EChartOption; height?: number; ariaLabel: string; testId?: string; onClick?: (e: EChartClick) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const optionRef = useRef<EChartOption | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  }, [onClick]);

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
    c.on('click', (e) => clickRef.current?.(e as unknown as EChartClick));
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
