import { useEffect, useState } from 'preact/hooks';
import { clock, money, num, pct, signClass } from '../format.js';
import { useConnection, usePoll, useTopic } from '../hooks.js';
import { Failure, Panel } from '../ui/Panel.js';
import { LineChart, type LinePoint } from './LineChart.js';

const PERIODS = ['today', 'week', 'month', 'all'] as const;

interface PerformanceData {
  readonly period: string;
  readonly total_trades: number;
  readonly win_rate: number;
  readonly total_pnl: number;
  readonly average_win: number;
  readonly average_loss: number;
  readonly sharpe_ratio: number | null;
  readonly max_drawdown: number;
  readonly current_streak: number;
}

interface PnlData {
  readonly equity: number;
  readonly drawdown: number;
  readonly daily_pnl: number;
}

interface EquityHistory {
  readonly points: readonly { time: number; equity: number; drawdown_pct: number }[];
  readonly max_drawdown: number;
  readonly max_drawdown_pct: number;
  readonly fills: number;
}

interface Fill {
  readonly fill_id: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  readonly timestamp: string;
  readonly commission: { amount: number };
}

function PeriodRow({ period, bump }: { period: string; bump: unknown }) {
  const p = usePoll<PerformanceData>(`/api/trading/performance?period=${period}`, 0, bump);
  const d = p.data;
  return (
    <tr>
      <th scope="row">{period}</th>
      <td>{d?.total_trades ?? '—'}</td>
      <td>{pct(d?.win_rate, 0)}</td>
      <td class={signClass(d?.total_pnl)}>{money(d?.total_pnl)}</td>
      <td>{money(d?.average_win)}</td>
      <td>{money(d?.average_loss)}</td>
      <td>{num(d?.sharpe_ratio)}</td>
      <td>{money(d?.max_drawdown)}</td>
      <td>{d?.current_streak ?? '—'}</td>
    </tr>
  );
}

/**
 * Equity and drawdown over the whole stored history (`/api/performance/equity`, from the stored
 * fills and bars) followed by the live `pnl` samples since the last stored point, the fills table
 * and the stats by period.
 */
export function Performance() {
  const pnl = useTopic<PnlData>('pnl');
  const status = useTopic<{ timestamp: string }>('status');
  const orders = useTopic<unknown>('orders');
  const history = usePoll<{ trades: Fill[] }>('/api/trading/history?limit=20', 0, orders);
  const stored = usePoll<EquityHistory>('/api/performance/equity?points=1500', 30_000, orders);
  const [equity, setEquity] = useState<LinePoint[]>([]);
  const [drawdown, setDrawdown] = useState<LinePoint[]>([]);
  const { epoch } = useConnection();
  // A reconnect may be to a restarted server (a new run on its own clock): start the curves over.
  useEffect(() => {
    setEquity([]);
    setDrawdown([]);
  }, [epoch]);
  useEffect(() => {
    if (pnl === undefined || status === undefined) return;
    const time = Date.parse(status.timestamp) * 1000;
    setEquity((e) => [...e.slice(-1999), { time, value: pnl.equity }]);
    setDrawdown((d) => [...d.slice(-1999), { time, value: -pnl.drawdown * 100 }]);
  }, [pnl]);
  const past = stored.data?.points ?? [];
  const lastStored = past.at(-1)?.time ?? Number.NEGATIVE_INFINITY;
  const equityLine = [
    ...past.map((p) => ({ time: p.time, value: p.equity })),
    ...equity.filter((p) => p.time > lastStored),
  ];
  const drawdownLine = [
    ...past.map((p) => ({ time: p.time, value: -p.drawdown_pct * 100 })),
    ...drawdown.filter((p) => p.time > lastStored),
  ];
  const since =
    stored.data === undefined
      ? 'live, since this page opened'
      : `whole history: ${stored.data.fills} fills, then live`;
  return (
    <Panel id="performance" title="Performance" wide>
      <div class="two">
        <div>
          <h3>
            equity {money(pnl?.equity)} <span class="muted">({since}, on the server's clock)</span>
          </h3>
          <LineChart points={equityLine} colour="#58a6ff" label="equity" />
        </div>
        <div>
          <h3>
            drawdown {pct(pnl?.drawdown)}
            {stored.data !== undefined && (
              <span class="muted">
                {' '}
                (max {money(stored.data.max_drawdown)}, {pct(stored.data.max_drawdown_pct)})
              </span>
            )}
          </h3>
          <LineChart points={drawdownLine} colour="#ef5350" label="drawdown %" />
        </div>
      </div>
      <h3>stats by period (round trips from the fills)</h3>
      <table>
        <thead>
          <tr>
            {['period', 'trades', 'win rate', 'P&L', 'avg win', 'avg loss', 'sharpe', 'max DD', 'streak'].map(
              (h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {PERIODS.map((p) => (
            <PeriodRow key={p} period={p} bump={orders} />
          ))}
        </tbody>
      </table>
      <h3>last fills</h3>
      <table data-testid="fills">
        <thead>
          <tr>
            {['time', 'symbol', 'side', 'qty', 'price', 'commission'].map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(history.data?.trades ?? []).map((f) => (
            <tr key={f.fill_id}>
              <td>{clock(f.timestamp)}</td>
              <td>{f.symbol}</td>
              <td class={f.side === 'BUY' ? 'pos' : 'neg'}>{f.side}</td>
              <td>{f.quantity}</td>
              <td>{num(f.price)}</td>
              <td>{money(f.commission.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Failure text={history.error ?? stored.error} />
    </Panel>
  );
}
