import {
  type AutoscaleInfo,
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';

/** A bar as `/api/market/data/:symbol` returns it (time in µs since the epoch). */
export interface ApiBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** A fill or stop drawn on the chart. */
export interface ChartMarker {
  /** µs since the epoch. */
  readonly time: number;
  readonly kind: 'buy' | 'sell' | 'stop';
  readonly text: string;
}

/** A horizontal price line (the working bracket). */
export interface ChartLine {
  readonly price: number;
  readonly kind: 'stop' | 'target' | 'entry';
  readonly title: string;
}

/** Props of {@link CandleChart}. */
export interface CandleChartProps {
  readonly bars: readonly ApiBar[];
  readonly markers: readonly ChartMarker[];
  readonly lines: readonly ChartLine[];
  /** Bucket size in seconds (markers snap to their bar). */
  readonly seconds: number;
  /** Changes when the data set is replaced (symbol, timeframe, backtest), to refit the view. */
  readonly dataKey: string;
}

const sec = (us: number) => Math.floor(us / 1e6) as UTCTimestamp;
const LINE_COLOURS = { stop: '#ef5350', target: '#26a69a', entry: '#90a4ae' } as const;

/** A lightweight-charts candlestick chart with fill markers and bracket price lines. */
export function CandleChart({ bars, markers, lines, seconds, dataKey }: CandleChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const markerApi = useRef<ISeriesMarkersPluginApi<Time> | null>(null);
  const priceLines = useRef<IPriceLine[]>([]);
  const fitted = useRef('');

  useEffect(() => {
    const el = box.current;
    if (el === null) return undefined;
    const c = createChart(el, {
      autoSize: true,
      layout: { background: { color: '#11161d' }, textColor: '#c9d1d9' },
      grid: { vertLines: { color: '#1c232c' }, horzLines: { color: '#1c232c' } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 6 },
      rightPriceScale: { borderColor: '#30363d' },
    });
    const s = c.addSeries(CandlestickSeries, {
      upColor: '#26a69a',
      downColor: '#ef5350',
      borderVisible: false,
      wickUpColor: '#26a69a',
      wickDownColor: '#ef5350',
    });
    chart.current = c;
    series.current = s;
    markerApi.current = createSeriesMarkers(s, []);
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
      markerApi.current = null;
      priceLines.current = [];
    };
  }, []);

  useEffect(() => {
    const s = series.current;
    if (s === null) return;
    s.setData(
      bars.map((b) => ({ time: sec(b.time), open: b.open, high: b.high, low: b.low, close: b.close })),
    );
    if (fitted.current !== dataKey && bars.length > 0) {
      fitted.current = dataKey;
      chart.current?.timeScale().scrollToRealTime();
    }
  }, [bars, dataKey]);

  useEffect(() => {
    const first = bars[0]?.time ?? 0;
    const size = seconds * 1e6;
    const list: SeriesMarker<Time>[] = markers
      .filter((m) => m.time >= first)
      .map((m) => ({
        time: sec(Math.floor(m.time / size) * size),
        position: m.kind === 'buy' ? 'belowBar' : 'aboveBar',
        color: m.kind === 'buy' ? '#26a69a' : m.kind === 'sell' ? '#ef5350' : '#ffb300',
        shape: m.kind === 'buy' ? 'arrowUp' : m.kind === 'sell' ? 'arrowDown' : 'square',
        text: m.text,
      }));
    list.sort((a, b) => (a.time as number) - (b.time as number));
    markerApi.current?.setMarkers(list);
  }, [markers, bars, seconds]);

  useEffect(() => {
    const s = series.current;
    if (s === null) return;
    for (const l of priceLines.current) s.removePriceLine(l);
    // Keep the bracket in view: the price scale spans the candles and every working line.
    const prices = lines.map((l) => l.price);
    s.applyOptions({
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
        const info = original();
        if (info === null || info.priceRange === null || prices.length === 0) return info;
        return {
          ...info,
          priceRange: {
            minValue: Math.min(info.priceRange.minValue, ...prices),
            maxValue: Math.max(info.priceRange.maxValue, ...prices),
          },
        };
      },
    });
    priceLines.current = lines.map((l) =>
      s.createPriceLine({
        price: l.price,
        color: LINE_COLOURS[l.kind],
        lineWidth: 1,
        lineStyle: 2,
        axisLabelVisible: true,
        title: l.title,
      }),
    );
  }, [lines]);

  return (
    <div
      class="chart"
      ref={box}
      data-testid="chart"
      data-bars={bars.length}
      data-markers={markers.length}
      data-lines={lines.map((l) => `${l.kind}:${l.price}`).join(' ')}
    />
  );
}
