import { type DecisionList, memberRows } from '../decisions.js';
import { num, pct } from '../format.js';
import { usePoll, useTopic } from '../hooks.js';
import { DataTree } from '../ui/DataTree.js';
import { Failure, Panel, Stat, Unavailable } from '../ui/Panel.js';

interface CurrentAnalysis {
  readonly current_signal?: Record<string, unknown>;
  readonly current_analysis?: Record<string, unknown>;
  readonly ai_stats?: Record<string, unknown>;
}

/** Verdict of one risk check as the gate records it. */
function checks(verdict: unknown): { name: string; ok: boolean; message: string }[] {
  if (verdict === null || typeof verdict !== 'object') return [];
  const v = verdict as Record<string, unknown>;
  const list = (v.checks ?? v.results) as unknown;
  if (Array.isArray(list))
    return list.map((c) => {
      const r = (c ?? {}) as Record<string, unknown>;
      return {
        name: String(r.name ?? r.code ?? r.check ?? 'check'),
        ok: r.ok === true || r.passed === true,
        message: String(r.message ?? r.detail ?? ''),
      };
    });
  if (v.ok === true) return [{ name: 'risk gate', ok: true, message: 'all checks passed' }];
  const reasons = v.reasons;
  if (Array.isArray(reasons))
    return reasons.map((r) => {
      const x = (r ?? {}) as Record<string, unknown>;
      return { name: String(x.code ?? 'denied'), ok: false, message: String(x.message ?? '') };
    });
  return [];
}

/** The current signal and confidence, each member, the reasoning, the sizing steps, every check. */
export function AiTransparency() {
  const decisionsTopic = useTopic<unknown>('decisions');
  const analysis = usePoll<CurrentAnalysis>('/api/ai/current-analysis', 5000, decisionsTopic);
  const recent = usePoll<DecisionList>('/api/decisions/recent?limit=1', 5000, decisionsTopic);
  const last = recent.data?.decisions[0];
  const record = last?.record;
  const members = memberRows(record?.analysis);
  const signal = analysis.data?.current_signal;
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
      {analysis.data?.current_analysis !== undefined && <DataTree value={analysis.data.current_analysis} />}
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
          <h3>members</h3>
          {members.length === 0 ? (
            <p class="muted">
              {record === undefined ? 'the record is not sent by this server' : 'single member'}
            </p>
          ) : (
            <table>
              <tbody>
                {members.map((m) => (
                  <tr key={m.name}>
                    <th scope="row">{m.name}</th>
                    <td>
                      <DataTree value={m.detail} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>sizing steps</h3>
          {record?.sizing?.steps === undefined ? (
            <p class="muted">no sizing recorded</p>
          ) : (
            <ol class="steps">
              {record.sizing.steps.map((s, i) => (
                <li key={i}>{typeof s === 'string' ? s : <DataTree value={s} />}</li>
              ))}
            </ol>
          )}
          <h3>risk checks</h3>
          <ul class="checks">
            {(record?.orders ?? []).flatMap((o) =>
              checks(o.verdict).map((c) => (
                <li key={`${o.clientOrderId}${c.name}`} class={c.ok ? 'ok' : 'error'}>
                  {c.ok ? '✓' : '✗'} {c.name} {c.message}
                </li>
              )),
            )}
            {(record?.orders ?? []).length === 0 && <li class="muted">no order, no check</li>}
          </ul>
        </>
      )}
      <Failure text={recent.error ?? analysis.error} />
    </Panel>
  );
}
