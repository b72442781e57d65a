import { usePoll } from '../hooks.js';
import { Failure, Panel, Unavailable } from '../ui/Panel.js';

interface RolloverData {
  readonly alerts: readonly {
    symbol: string;
    next_symbol: string;
    days_until: number;
    rollover_date: string;
    level: string;
    action_required: boolean;
  }[];
  readonly urgent_count: number;
}

/** Contract rollover alerts (critical ≤ 7 d, warning ≤ 15 d, info ≤ 30 d). */
export function Rollover() {
  const r = usePoll<RolloverData>('/api/symbols/rollover-status', 60_000);
  return (
    <Panel id="rollover" title="Rollover alerts">
      {r.unavailable ? (
        <Unavailable what="rollover status (/api/symbols/rollover-status)" />
      ) : r.data === undefined ? (
        <p class="muted">loading…</p>
      ) : r.data.alerts.length === 0 ? (
        <p class="ok">no roll within 30 days</p>
      ) : (
        <ul class="rollover">
          {r.data.alerts.map((a) => (
            <li key={a.symbol} class={`roll ${a.level}`}>
              <strong>{a.symbol}</strong> → {a.next_symbol} in {a.days_until} d ({a.rollover_date}) ·{' '}
              {a.level}
              {a.action_required ? ' · action required' : ''}
            </li>
          ))}
        </ul>
      )}
      <Failure text={r.error} />
    </Panel>
  );
}
