import {
  createChart,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';

/** One point of a line: time in µs since the epoch. */
export interface LinePoint {
  readonly time: number;
  readonly value: number;
}

/** A small lightweight-charts line chart (equity, drawdown). */
export function LineChart({
  points,
  colour,
  label,
}: {
  readonly points: readonly LinePoint[];
  readonly colour: string;
  readonly label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Line'> | null>(null);
  useEffect(() => {
    if (box.current === null) return undefined;
    const c = createChart(box.current, {
      autoSize: true,
      layout: { background: { color: '#11161d' }, textColor: '#c9d1d9' },
      grid: { vertLines: { visible: false }, horzLines: { color: '#1c232c' } },
      timeScale: { timeVisible: true },
    });
    series.current = c.addSeries(LineSeries, { color: colour, lineWidth: 2, title: label });
    chart.current = c;
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, [colour, label]);
  useEffect(() => {
    // One point per second at most: the chart's time axis needs strictly increasing times.
    const bySecond = new Map<number, number>();
    for (const p of points) bySecond.set(Math.floor(p.time / 1e6), p.value);
    series.current?.setData(
      [...bySecond.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([t, value]) => ({ time: t as UTCTimestamp, value })),
    );
    chart.current?.timeScale().fitContent();
  }, [points]);
  return <div class="chart small" ref={box} role="img" aria-label={label} />;
}
