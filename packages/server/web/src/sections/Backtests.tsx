import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorText, getJson, send } from '../api.js';
import { money, num } from '../format.js';
import { usePoll, useTopic } from '../hooks.js';
import { Failure, Panel, Unavailable } from '../ui/Panel.js';
import { type ApiBar, CandleChart, type ChartMarker } from './CandleChart.js';
import { LineChart, type LinePoint } from './LineChart.js';

interface BacktestSummary {
  readonly id: string;
  readonly status: string;
  readonly progress: number;
  readonly request?: { symbol?: string; strategy?: { name: string } };
  readonly error?: string | null;
  readonly summary?: { bars: number; trades: number; return_pct: number | null };
}

interface BacktestTrade {
  readonly entry_time: string;
  readonly exit_time: string;
  readonly quantity: number;
  readonly entry_price: number;
  readonly exit_price: number;
  readonly pnl: number;
}

interface BacktestDecisionSummary {
  readonly total: number;
  readonly kept: number;
  readonly dropped: number;
  readonly threshold: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly quality: { readonly averageOverall?: number; readonly count?: number } | null;
  readonly members: readonly { name: string; state: string; reason: string }[];
}

interface BacktestDetail extends BacktestSummary {
  readonly results?: {
    readonly bars: number;
    readonly table: readonly (readonly [string, number | string | null])[];
    readonly equity: readonly { timestamp: string; equity: number }[];
    readonly trades: readonly BacktestTrade[];
    readonly decisions?: BacktestDecisionSummary;
  };
}

/** The strategies the section offers, with the request body each sends. */
const STRATEGIES = {
  sma: { label: 'SMA 10/30', body: { name: 'sma' } },
  ta: { label: 'traditional TA', body: { name: 'ta' } },
  ai: { label: 'AI pipeline', body: { name: 'ai' } },
} as const;
type StrategyKey = keyof typeof STRATEGIES;

/** What an AI backtest decided, in one paragraph (the records open in the decision inspector). */
function DecisionsLine({ d }: { readonly d: BacktestDecisionSummary }) {
  const outcomes = Object.entries(d.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const q = d.quality?.averageOverall;
  return (
    <p data-testid="backtest-decisions">
      <strong>{d.total} decisions</strong> in full_auto at {num(d.threshold * 100, 0)}% ({outcomes}), decision
      quality {typeof q === 'number' ? q.toFixed(2) : '—'}
      {d.dropped > 0 ? `; the newest ${d.kept} are kept (${d.dropped} older dropped)` : ''}
      {d.members.map((m) => `; ${m.name}: ${m.state}`).join('')} — open them in the decision inspector
      (source: this backtest).
    </p>
  );
}

const us = (iso: string) => Date.parse(iso) * 1000;

/** A stats-table value: Start/End (µs since the epoch) as UTC times, durations (µs) in d h m. */
export function statText(label: string, value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (label === 'Start' || label === 'End')
    return new Date(value / 1000).toISOString().slice(0, 16).replace('T', ' ');
  if (label.includes('Duration')) {
    const minutes = Math.round(value / 60e6);
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    return `${d > 0 ? `${d} d ` : ''}${h > 0 || d > 0 ? `${h} h ` : ''}${minutes % 60} min`;
  }
  return num(value, Number.isInteger(value) ? 0 : 3);
}

/** Trades of a backtest as entry and exit markers. */
function tradeMarkers(trades: readonly BacktestTrade[]): ChartMarker[] {
  return trades.flatMap((t): ChartMarker[] => {
    const long = t.quantity > 0;
    return [
      { time: us(t.entry_time), kind: long ? 'buy' : 'sell', text: `entry ${num(t.entry_price)}` },
      { time: us(t.exit_time), kind: long ? 'sell' : 'buy', text: `exit ${money(t.pnl)}` },
    ];
  });
}

function Results({ detail }: { readonly detail: BacktestDetail }) {
  const r = detail.results;
  const symbol = detail.request?.symbol;
  const [bars, setBars] = useState<ApiBar[]>([]);
  useEffect(() => {
    if (symbol === undefined || r === undefined) return;
    // The chart shows the stored bars at the end of the run, with the trades that fall on them.
    getJson<{ data: ApiBar[] }>(
      `/api/market/data/${encodeURIComponent(symbol)}?timeframe=1m&limit=1500`,
    ).then(
      (b) => setBars(b.data),
      () => setBars([]),
    );
  }, [symbol, r]);
  const equity = useMemo<LinePoint[]>(
    () => (r?.equity ?? []).map((e) => ({ time: us(e.timestamp), value: e.equity })),
    [r],
  );
  const markers = useMemo(() => {
    const first = bars[0]?.time ?? Number.POSITIVE_INFINITY;
    return tradeMarkers(r?.trades ?? []).filter((m) => m.time >= first);
  }, [r, bars]);
  if (r === undefined) return null;
  return (
    <>
      {r.decisions !== undefined && <DecisionsLine d={r.decisions} />}
      <div class="two">
        <table data-testid="backtest-stats">
          <tbody>
            {r.table.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td class="num">{statText(label, value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <h3>equity ({r.equity.length} points)</h3>
          <LineChart points={equity} colour="#a371f7" label="backtest equity" />
          <h3>
            trades on the last {bars.length} stored bars ({markers.length / 2} of {r.trades.length} shown)
          </h3>
          <CandleChart bars={bars} markers={markers} lines={[]} seconds={60} dataKey={detail.id} />
        </div>
      </div>
    </>
  );
}

/** Run a backtest on stored data, its progress, the stats table, equity and trades on the chart. */
export function Backtests() {
  const topic = useTopic<BacktestSummary>('backtests');
  const list = usePoll<{ backtests: BacktestSummary[] }>('/api/backtests', 10_000, topic);
  const [error, setError] = useState<string | undefined>(undefined);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [detail, setDetail] = useState<BacktestDetail | undefined>(undefined);
  const [strategy, setStrategy] = useState<StrategyKey>('sma');
  const runs = list.data?.backtests ?? [];
  const shown = runs.find((r) => r.id === picked) ?? runs.find((r) => r.status === 'done') ?? runs[0];
  const shownKey = shown === undefined ? '' : `${shown.id}/${shown.status}`;
  useEffect(() => {
    if (shown === undefined || shown.status !== 'done') {
      setDetail(undefined);
      return;
    }
    getJson<BacktestDetail>(`/api/backtests/${encodeURIComponent(shown.id)}`).then(setDetail, (e: unknown) =>
      setError(errorText(e)),
    );
  }, [shownKey]);
  const run = async () => {
    setError(undefined);
    try {
      const r = await send<{ id: string }>('POST', '/api/backtests', {
        strategy: STRATEGIES[strategy].body,
      });
      setPicked(r.id);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Panel id="backtests" title="Backtests" wide>
      {list.unavailable ? (
        <Unavailable what="backtests (/api/backtests)" />
      ) : (
        <>
          <div class="switch">
            <label>
              strategy{' '}
              <select
                name="strategy"
                value={strategy}
                onChange={(e) => setStrategy(e.currentTarget.value as StrategyKey)}
              >
                {(Object.keys(STRATEGIES) as StrategyKey[]).map((k) => (
                  <option key={k} value={k}>
                    {STRATEGIES[k].label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={run}>
              Run {STRATEGIES[strategy].label} on the stored bars
            </button>
          </div>
          <ul class="runs">
            {runs.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  class="ghost"
                  onClick={() => setPicked(r.id)}
                  aria-pressed={r.id === shown?.id}
                >
                  {r.id} · {r.request?.strategy?.name ?? ''} · {r.status}
                  {r.summary === undefined
                    ? ''
                    : ` · ${r.summary.trades} trades, return ${num(r.summary.return_pct)}%`}
                </button>{' '}
                {r.status === 'running' || r.status === 'queued' ? (
                  <progress max={1} value={r.progress} aria-label={`progress of ${r.id}`} />
                ) : null}
                {r.error != null && <span class="error"> {r.error}</span>}
              </li>
            ))}
            {runs.length === 0 && <li class="muted">no backtest run yet in this session</li>}
          </ul>
          {detail !== undefined && detail.id === shown?.id && <Results detail={detail} />}
          {shown !== undefined && detail === undefined && shown.status === 'done' && (
            <p class="muted">loading results of {shown.id}…</p>
          )}
        </>
      )}
      <Failure text={error ?? list.error} />
    </Panel>
  );
}
