import { useState } from 'preact/hooks';
import { errorText, send } from '../api.js';
import { usePoll } from '../hooks.js';
import { DataTree } from '../ui/DataTree.js';
import { Failure, Panel, Unavailable } from '../ui/Panel.js';
import { LineChart, type LinePoint } from './LineChart.js';

interface BacktestItem {
  readonly id: string;
  readonly status: string;
  readonly progress?: number;
  readonly stats?: Record<string, unknown>;
  readonly equity?: readonly { time: number; value?: number; equity?: number }[];
}

interface BacktestList {
  readonly backtests?: readonly BacktestItem[];
  readonly runs?: readonly BacktestItem[];
}

/** Run a backtest on stored data, its progress, the stats table and its equity. */
export function Backtests() {
  const list = usePoll<BacktestList>('/api/backtests', 2000);
  const [error, setError] = useState<string | undefined>(undefined);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const runs = list.data?.backtests ?? list.data?.runs ?? [];
  const shown = runs.find((r) => r.id === picked) ?? runs[0];
  const equity: LinePoint[] = (shown?.equity ?? []).map((p) => ({
    time: p.time,
    value: p.value ?? p.equity ?? 0,
  }));
  const run = async () => {
    setError(undefined);
    try {
      await send('POST', '/api/backtests', { strategy: 'sma' });
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Panel id="backtests" title="Backtests">
      {list.unavailable ? (
        <Unavailable what="backtests (/api/backtests)" />
      ) : (
        <>
          <button type="button" onClick={run}>
            Run a backtest on the stored bars
          </button>
          <ul class="runs">
            {runs.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  class="ghost"
                  onClick={() => setPicked(r.id)}
                  aria-pressed={r.id === shown?.id}
                >
                  {r.id} · {r.status}
                </button>
                {r.progress !== undefined && r.status !== 'completed' && (
                  <progress max={1} value={r.progress} aria-label={`progress of ${r.id}`} />
                )}
              </li>
            ))}
            {runs.length === 0 && <li class="muted">no backtest run yet</li>}
          </ul>
          {shown?.stats !== undefined && <DataTree value={shown.stats} />}
          {equity.length > 0 && <LineChart points={equity} colour="#a371f7" label="backtest equity" />}
        </>
      )}
      <Failure text={error ?? list.error} />
    </Panel>
  );
}
