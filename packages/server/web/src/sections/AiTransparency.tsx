import { type DecisionList, stepText } from '../decisions.js';
import { num, pct } from '../format.js';
import { usePoll, useTopic } from '../hooks.js';
import { DataTree } from '../ui/DataTree.js';
import { Failure, Panel, Stat, Unavailable } from '../ui/Panel.js';

interface LiveMember {
  readonly name: string;
  readonly direction: number;
  readonly confidence: number;
  readonly weight: number;
  readonly note?: string;
}

interface LiveAnalysis {
  readonly timestamp: string;
  readonly price: number;
  readonly direction: number;
  readonly confidence: number;
  readonly agreement?: number;
  readonly regime?: string | null;
  readonly members: readonly LiveMember[];
}

interface CurrentAnalysis {
  readonly current_signal?: (Record<string, unknown> & { reasoning?: readonly string[] }) | null;
  readonly current_analysis?: Record<string, unknown>;
  readonly ai_stats?: Record<string, unknown>;
}

/** One risk check of the gate: which check, its outcome (pass, warn, fail, skip…) and why. */
export interface CheckRow {
  readonly check: string;
  readonly outcome: string;
  readonly message: string;
}

/** The checks of a gate verdict (`detail.checks` of the live gate), or its reasons when denied. */
export function verdictChecks(verdict: unknown): CheckRow[] {
  if (verdict === null || typeof verdict !== 'object') return [];
  const v = verdict as Record<string, unknown>;
  const detail = (v.detail ?? {}) as Record<string, unknown>;
  const list = (detail.checks ?? v.checks) as unknown;
  if (Array.isArray(list))
    return list.map((c) => {
      const r = (c ?? {}) as Record<string, unknown>;
      return {
        check: String(r.check ?? r.code ?? 'check'),
        outcome: String(r.outcome ?? (r.ok === true ? 'pass' : 'fail')),
        message: String(r.message ?? ''),
      };
    });
  if (Array.isArray(v.reasons))
    return v.reasons.map((r) => {
      const x = (r ?? {}) as Record<string, unknown>;
      return { check: String(x.code ?? 'denied'), outcome: 'fail', message: String(x.message ?? '') };
    });
  return v.ok === true ? [{ check: 'gate', outcome: 'pass', message: 'approved' }] : [];
}

const OUTCOME_CLASS: Readonly<Record<string, string>> = {
  pass: 'ok',
  warn: 'warn',
  observe: 'warn',
  fail: 'error',
  deny: 'error',
  block: 'error',
};

/** Every check of one order's verdict, folded behind a one-line count. */
export function ChecksTable({ order, verdict }: { readonly order: string; readonly verdict: unknown }) {
  const rows = verdictChecks(verdict);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  return (
    <details class="checks">
      <summary>
        {order}: {rows.length} checks —{' '}
        {[...counts.entries()].map(([k, n]) => (
          <span key={k} class={OUTCOME_CLASS[k] ?? 'muted'}>
            {n} {k}{' '}
          </span>
        ))}
      </summary>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.check + r.message}>
              <th scope="row">{r.check}</th>
              <td class={OUTCOME_CLASS[r.outcome] ?? 'muted'}>{r.outcome}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The current signal and confidence, each member, the reasoning, the sizing steps, every check. */
export function AiTransparency() {
  const decisionsTopic = useTopic<unknown>('decisions');
  const ai = useTopic<LiveAnalysis>('ai');
  const analysis = usePoll<CurrentAnalysis>('/api/ai/current-analysis', 5000, decisionsTopic);
  const recent = usePoll<DecisionList>('/api/decisions/recent?limit=1&full=true', 5000, decisionsTopic);
  const last = recent.data?.decisions[0];
  const record = last?.record;
  const signal = analysis.data?.current_signal ?? undefined;
  return (
    <Panel id="ai-transparency" title="AI transparency">
      {analysis.unavailable ? (
        <Unavailable what="the AI's current analysis (/api/ai/current-analysis)" />
      ) : signal !== undefined ? (
        <div class="stats">
          <Stat label="signal" value={String(signal.signal ?? '—')} />
          <Stat label="confidence" value={pct(signal.confidence)} />
          <Stat label="target" value={num(signal.target_price)} />
          <Stat label="stop" value={num(signal.stop_loss)} />
        </div>
      ) : null}
      {signal?.reasoning !== undefined && (
        <ul class="reasoning">
          {signal.reasoning.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {analysis.data?.current_analysis !== undefined && <DataTree value={analysis.data.current_analysis} />}
      {ai !== undefined && (
        <>
          <h3>
            members at {ai.timestamp.slice(11, 19)} (fused direction {ai.direction}, confidence{' '}
            {pct(ai.confidence)}
            {ai.regime == null ? '' : `, regime ${ai.regime}`})
          </h3>
          <table data-testid="ai-members">
            <thead>
              <tr>
                <th scope="col">member</th>
                <th scope="col">direction</th>
                <th scope="col">confidence</th>
                <th scope="col">weight</th>
                <th scope="col">note</th>
              </tr>
            </thead>
            <tbody>
              {ai.members.map((m) => (
                <tr key={m.name}>
                  <th scope="row">{m.name}</th>
                  <td class={m.direction > 0 ? 'pos' : m.direction < 0 ? 'neg' : ''}>{m.direction}</td>
                  <td>{pct(m.confidence)}</td>
                  <td>{num(m.weight)}</td>
                  <td class="muted">{m.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {recent.unavailable ? (
        <Unavailable what="decisions (/api/decisions/recent)" />
      ) : last === undefined ? (
        <p class="muted">
          no decision yet{recent.data?.running === false ? ' (no decision loop is running)' : ''}
        </p>
      ) : (
        <>
          <h3>last decision {last.id}</h3>
          <div class="stats">
            <Stat label="target position" value={last.target} />
            <Stat label="confidence" value={pct(last.confidence)} />
            <Stat label="action" value={last.action} />
            <Stat label="strategy" value={last.strategy} />
          </div>
          <p class="reason">{last.reason}</p>
          <h3>sizing steps</h3>
          {record?.sizing?.steps === undefined ? (
            <p class="muted">no sizing recorded</p>
          ) : (
            <ol class="steps">
              {record.sizing.steps.map((s, i) => (
                <li key={i}>{stepText(s)}</li>
              ))}
            </ol>
          )}
          <h3>risk checks</h3>
          {(record?.orders ?? []).map((o) => (
            <ChecksTable
              key={o.clientOrderId}
              order={`${o.side} ${o.quantity} (${o.clientOrderId})`}
              verdict={o.verdict}
            />
          ))}
          {(record?.orders ?? []).length === 0 && <p class="muted">no order, so no check</p>}
        </>
      )}
      <Failure text={recent.error ?? analysis.error} />
    </Panel>
  );
}
