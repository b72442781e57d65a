import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson } from '../api.js';
import { num } from '../format.js';
import { useConnection, usePoll, useTopic } from '../hooks.js';
import { Failure, Panel } from '../ui/Panel.js';
import { type ApiBar, CandleChart, type ChartLine, type ChartMarker } from './CandleChart.js';
import type { StatusData } from './StatusBar.js';

const TIMEFRAMES: Readonly<Record<string, number>> = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600 };

interface Fill {
  readonly order_id: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: number;
  readonly timestamp: string;
}

interface OrderRow {
  readonly order_id: string;
  readonly symbol: string;
  readonly side: string;
  readonly order_type: string;
  readonly status: string;
  readonly price: number | null;
  readonly stop_price: number | null;
  readonly quantity: number;
}

interface Quote {
  readonly symbol: string;
  readonly last: number;
  readonly bid?: number;
  readonly ask?: number;
  readonly volume: number;
}

/** Order states in which an order still works at the broker (core's `OrderStatus`). */
const WORKING = new Set([
  'INITIALIZED',
  'SUBMITTED',
  'ACCEPTED',
  'PENDING_CANCEL',
  'PENDING_REPLACE',
  'PARTIALLY_FILLED',
]);

/** Fills as entry / exit / stop markers (entry when the fill grows the position). */
export function fillMarkers(
  fills: readonly Fill[],
  orders: readonly OrderRow[],
  symbol: string,
): ChartMarker[] {
  const types = new Map(orders.map((o) => [o.order_id, o.order_type]));
  const asc = fills.filter((f) => f.symbol === symbol).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  let position = 0;
  return asc.map((f) => {
    const signed = f.side === 'BUY' ? f.quantity : -f.quantity;
    const entry = Math.abs(position + signed) > Math.abs(position);
    position += signed;
    const type = types.get(f.order_id) ?? '';
    const stop = type === 'STOP' || type === 'STOP_LIMIT';
    return {
      time: Date.parse(f.timestamp) * 1000,
      kind: stop ? 'stop' : f.side === 'BUY' ? 'buy' : 'sell',
      text: `${stop ? 'stop' : entry ? 'entry' : 'exit'} ${f.price}`,
    };
  });
}

function Tile({ symbol, selected, onPick }: { symbol: string; selected: boolean; onPick: () => void }) {
  const q = useTopic<Quote | null>(`market:${symbol}`);
  return (
    <button
      type="button"
      class={`tile ${selected ? 'selected' : ''}`}
      onClick={onPick}
      aria-pressed={selected}
    >
      <strong>{symbol}</strong>
      <span class="big">{num(q?.last)}</span>
      <span class="muted">
        bid {num(q?.bid)} · ask {num(q?.ask)} · vol {q?.volume ?? '—'}
      </span>
    </button>
  );
}

/** Candles per symbol and timeframe with fills and the working bracket; one tile per symbol. */
export function Market() {
  const status = useTopic<StatusData>('status');
  const symbols = status?.market.symbols ?? [];
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const symbol = picked ?? symbols[0];
  const [timeframe, setTimeframe] = useState('1m');
  const [bars, setBars] = useState<ApiBar[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const quote = useTopic<Quote | null>(symbol === undefined ? null : `market:${symbol}`);
  const ordersTopic = useTopic<unknown>('orders');
  const fills = usePoll<{ trades: Fill[] }>('/api/trading/history?limit=500', 0, ordersTopic);
  const orders = usePoll<{ orders: OrderRow[] }>('/api/trading/orders?status=all&limit=500', 0, ordersTopic);
  const inflight = useRef(false);
  const lastLoad = useRef(0);

  const { epoch } = useConnection();
  // Bars come from the store; a market update reloads them (at most every 1.5 s). A reconnect
  // may be to a restarted server with another store: its bars replace these.
  useEffect(() => {
    setBars([]);
    lastLoad.current = 0;
  }, [symbol, timeframe, epoch]);
  useEffect(() => {
    if (symbol === undefined || inflight.current) return;
    if (Date.now() - lastLoad.current < 1500 && lastLoad.current !== 0) return;
    inflight.current = true;
    lastLoad.current = Date.now();
    getJson<{ data: ApiBar[] }>(
      `/api/market/data/${encodeURIComponent(symbol)}?timeframe=${timeframe}&limit=400`,
    ).then(
      (r) => {
        inflight.current = false;
        setBars(r.data);
        setError(undefined);
      },
      (e: unknown) => {
        inflight.current = false;
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  }, [symbol, timeframe, quote, bars.length === 0]);

  const seconds = TIMEFRAMES[timeframe] ?? 60;
  const markers = useMemo(() => {
    if (symbol === undefined) return [];
    const first = (bars[0]?.time ?? Number.POSITIVE_INFINITY) - seconds * 1e6;
    return fillMarkers(fills.data?.trades ?? [], orders.data?.orders ?? [], symbol).filter(
      (m) => m.time >= first,
    );
  }, [fills.data, orders.data, symbol, bars, seconds]);
  const lines = useMemo<ChartLine[]>(
    () =>
      (orders.data?.orders ?? [])
        .filter((o) => o.symbol === symbol && WORKING.has(o.status))
        .flatMap((o): ChartLine[] => {
          if (o.order_type === 'STOP' && o.stop_price !== null)
            return [{ price: o.stop_price, kind: 'stop', title: `stop ${o.side} ${o.quantity}` }];
          if (o.order_type === 'LIMIT' && o.price !== null)
            return [{ price: o.price, kind: 'target', title: `target ${o.side} ${o.quantity}` }];
          return [];
        }),
    [orders.data, symbol],
  );

  return (
    <Panel
      id="market"
      title="Market"
      wide
      actions={
        <label>
          timeframe{' '}
          <select value={timeframe} onChange={(e) => setTimeframe(e.currentTarget.value)}>
            {Object.keys(TIMEFRAMES).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <div class="tiles">
        {symbols.map((s) => (
          <Tile key={s} symbol={s} selected={s === symbol} onPick={() => setPicked(s)} />
        ))}
      </div>
      <CandleChart
        bars={bars}
        markers={markers}
        lines={lines}
        seconds={seconds}
        dataKey={`${symbol}/${timeframe}`}
      />
      <p class="muted legend">
        ▲ buy · ▼ sell · ■ stop fill · dashed lines: working bracket (red stop, green target) · {bars.length}{' '}
        bars, {markers.length} fills shown
      </p>
      <Failure text={error ?? fills.error ?? orders.error} />
    </Panel>
  );
}
