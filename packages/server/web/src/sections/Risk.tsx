import { auditText, clock, money, pct, signClass } from '../format.js';
import { useTopic } from '../hooks.js';
import { Panel, Stat } from '../ui/Panel.js';

interface RiskData {
  readonly level: string;
  readonly risk_level: string;
  readonly trading_permission: string;
  readonly exposure: number;
  readonly margin_used: number;
  readonly daily_pnl: number;
  readonly daily_loss_used: number;
  readonly drawdown_current: number;
  readonly drawdown_used: number;
  readonly violations: readonly string[];
  readonly recent_events: readonly { time: string; kind: string; detail: unknown }[];
}

function Gauge({ label, used }: { label: string; used: number }) {
  const cls = used >= 1 ? 'poor' : used >= 0.8 ? 'fair' : 'good';
  return (
    <div class="qbar">
      <span class="label">{label}</span>
      <span class="track" aria-hidden="true">
        <span class={`fill ${cls}`} style={{ width: `${Math.min(1, Math.max(0, used)) * 100}%` }} />
      </span>
      <span class="value">{pct(used, 0)}</span>
    </div>
  );
}

/** Exposure, margin, daily P&L against its limit, drawdown, breakers (live `risk` topic). */
export function Risk() {
  const r = useTopic<RiskData>('risk');
  return (
    <Panel id="risk" title="Risk">
      {r === undefined ? (
        <p class="muted">waiting for the risk topic…</p>
      ) : (
        <>
          <div class="stats">
            <Stat label="risk" value={r.risk_level} cls={r.risk_level === 'HIGH' ? 'neg' : ''} />
            <Stat label="permission" value={r.trading_permission} />
            <Stat label="exposure" value={money(r.exposure)} />
            <Stat label="margin" value={money(r.margin_used)} />
            <Stat label="daily P&L" value={money(r.daily_pnl)} cls={signClass(r.daily_pnl)} />
            <Stat label="drawdown" value={pct(r.drawdown_current)} />
          </div>
          <Gauge label="daily loss limit used" used={r.daily_loss_used} />
          <Gauge label="drawdown limit used" used={r.drawdown_used} />
          <p>
            breakers:{' '}
            {r.violations.length === 0 ? (
              <span class="ok">none tripped</span>
            ) : (
              <strong class="neg">{r.violations.join(', ')}</strong>
            )}
          </p>
          <ul class="log">
            {r.recent_events.slice(0, 5).map((e) => (
              <li key={`${e.time}${e.kind}`}>
                {clock(e.time)} {e.kind.toLowerCase().replaceAll('_', ' ')} — {auditText(e.detail)}
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
