import { useEffect, useState } from 'preact/hooks';
import { errorText, getJson } from '../api.js';
import { type DecisionItem, type DecisionList, qualityCategories, stepText } from '../decisions.js';
import { clock, pct } from '../format.js';
import { useConnection, usePoll, useRoutes, useTopic } from '../hooks.js';
import { DataTree } from '../ui/DataTree.js';
import { Failure, Panel, Unavailable } from '../ui/Panel.js';
import { QualityBar } from '../ui/QualityBar.js';
import { ChecksTable } from './AiTransparency.js';

const PARTS = ['inputs', 'analysis', 'intent', 'bracket', 'route', 'outcome'] as const;

interface MemberRow {
  readonly name: string;
  readonly state?: string;
  readonly direction?: number;
  readonly confidence?: number;
  readonly reason?: string;
  readonly effectiveWeight?: number | undefined;
  readonly note?: string | undefined;
}

/** The members' views and their weight in the fusion, from an AI decision's analysis. */
function membersOf(analysis: unknown): { rows: MemberRow[]; fused?: Record<string, unknown> } {
  if (analysis === null || typeof analysis !== 'object') return { rows: [] };
  const a = analysis as { members?: unknown; fused?: Record<string, unknown> };
  const weights = new Map<string, MemberRow>();
  if (Array.isArray(a.fused?.members)) for (const m of a.fused.members as MemberRow[]) weights.set(m.name, m);
  const rows = (Array.isArray(a.members) ? (a.members as MemberRow[]) : []).map((m) => ({
    ...m,
    ...(weights.has(m.name)
      ? { effectiveWeight: weights.get(m.name)?.effectiveWeight, note: weights.get(m.name)?.note }
      : {}),
  }));
  return a.fused === undefined ? { rows } : { rows, fused: a.fused };
}

/** A member's reason with its fusion note (the note often repeats the reason: then once). */
function noteText(m: MemberRow): string {
  const reason = m.reason ?? '';
  if (m.note === undefined || m.note === '') return reason;
  return m.note.includes(reason) ? m.note : `${reason} (${m.note})`;
}

/** One table: every member's direction, confidence, state, fusion weight and reason. */
function MembersTable({ analysis }: { readonly analysis: unknown }) {
  const { rows, fused } = membersOf(analysis);
  if (rows.length === 0) return null;
  const f = fused as { direction?: number; confidence?: number; agreement?: string } | undefined;
  return (
    <details open class="members">
      <summary>
        members ({rows.length}) → fused direction {f?.direction ?? '—'}, confidence{' '}
        {typeof f?.confidence === 'number' ? pct(f.confidence) : '—'} ({f?.agreement ?? '—'})
      </summary>
      <table data-testid="decision-members">
        <thead>
          <tr>
            <th scope="col">member</th>
            <th scope="col">state</th>
            <th scope="col">direction</th>
            <th scope="col">confidence</th>
            <th scope="col">weight</th>
            <th scope="col">reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.name}>
              <th scope="row">{m.name}</th>
              <td>{m.state ?? '—'}</td>
              <td class="num">{m.direction ?? '—'}</td>
              <td class="num">{typeof m.confidence === 'number' ? pct(m.confidence) : '—'}</td>
              <td class="num">
                {typeof m.effectiveWeight === 'number' ? m.effectiveWeight.toFixed(2) : '—'}
              </td>
              <td class="note">{noteText(m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Where decisions are read from: the live loop, or a finished AI backtest. */
const LIVE = 'live';

interface BacktestWithDecisions {
  readonly id: string;
  readonly status: string;
  readonly request?: { strategy?: { name: string; threshold?: number } };
  readonly summary?: { decisions?: number };
}

/**
 * Pick any recorded decision, live or of a finished AI backtest, and see its whole record,
 * outcome and quality scores.
 */
export function DecisionInspector() {
  const routes = useRoutes();
  const backtestsTopic = useTopic<unknown>('backtests');
  const withBacktests = routes?.has('GET', '/api/backtests/x/decisions') === true;
  const jobs = usePoll<{ backtests: BacktestWithDecisions[] }>(
    withBacktests ? '/api/backtests' : null,
    10_000,
    backtestsTopic,
  );
  const sources = (jobs.data?.backtests ?? []).filter(
    (b) => b.status === 'done' && (b.summary?.decisions ?? 0) > 0,
  );
  const [source, setSource] = useState<string>(LIVE);
  // A backtest of a server run that is gone (restart) is no source any more.
  const shown = source === LIVE || sources.some((b) => b.id === source) ? source : LIVE;
  return (
    <Panel id="decision-inspector" title="Decision inspector" wide>
      {withBacktests && (
        <label>
          source{' '}
          <select
            name="source"
            value={shown}
            onChange={(e) => setSource(e.currentTarget.value)}
            aria-label="read decisions from"
          >
            <option value={LIVE}>live decision loop</option>
            {sources.map((b) => (
              <option key={b.id} value={b.id}>
                backtest {b.id} · {b.request?.strategy?.name ?? ''}
                {b.request?.strategy?.threshold === undefined
                  ? ''
                  : ` at ${pct(b.request.strategy.threshold)}`}{' '}
                · {b.summary?.decisions ?? 0} decisions
              </option>
            ))}
          </select>
        </label>
      )}{' '}
      {/* Keyed by source: each list (and the pick in it) starts afresh. */}
      <DecisionPicker key={shown} source={shown} />
    </Panel>
  );
}

/** The list and the record of one source. */
function DecisionPicker({ source }: { readonly source: string }) {
  const live = source === LIVE;
  const decisionsTopic = useTopic<unknown>(live ? 'decisions' : null);
  const base = live ? '/api/decisions' : `/api/backtests/${encodeURIComponent(source)}/decisions`;
  // A finished backtest's decisions do not change: read once.
  const list = usePoll<DecisionList & { dropped?: number }>(
    live ? '/api/decisions/recent?limit=100' : `${base}?limit=100`,
    live ? 10_000 : 0,
    decisionsTopic,
  );
  const [picked, setPicked] = useState<string>('');
  const [detail, setDetail] = useState<DecisionItem | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const items = list.data?.decisions ?? [];
  const routes = useRoutes();
  const { epoch } = useConnection();
  // After a reconnect the server may be a new run whose decisions are others: pick again.
  useEffect(() => {
    if (epoch > 1) setPicked('');
  }, [epoch]);
  const byId = routes?.has('GET', `${base}/x`) === true;

  useEffect(() => {
    if (picked === '') {
      setDetail(undefined);
      return;
    }
    let alive = true;
    const fromList = items.find((d) => d.id === picked);
    if (!byId) {
      // Servers without the by-id route: the list entry is all there is.
      setDetail(fromList);
      return undefined;
    }
    getJson<DecisionItem | { decision: DecisionItem }>(`${base}/${encodeURIComponent(picked)}`).then(
      (d) => {
        if (!alive) return;
        setDetail('decision' in d ? d.decision : d);
        setError(undefined);
      },
      (e: unknown) => {
        if (!alive) return;
        setError(errorText(e));
      },
    );
    return () => {
      alive = false;
    };
    // The list refreshes often; the detail is fetched once per pick.
  }, [picked, byId]);

  const record = detail?.record;
  const categories = qualityCategories(record?.quality);
  const total = list.data?.total ?? 0;
  const dropped = list.data?.dropped ?? 0;
  return (
    <>
      {list.unavailable ? (
        <Unavailable what={`recorded decisions (${live ? '/api/decisions/recent' : base})`} />
      ) : (
        <label>
          decision{' '}
          <select
            name="decision"
            value={picked}
            onChange={(e) => setPicked(e.currentTarget.value)}
            aria-label="pick a decision"
          >
            <option value="">
              — pick one of {total > items.length ? `the newest ${items.length} of ` : ''}
              {total}
              {dropped > 0 ? ` kept (${dropped} older dropped)` : ''} —
            </option>
            {items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id} · {clock(d.timestamp)} · {d.symbol} · target {d.target} · {d.action}
              </option>
            ))}
          </select>
        </label>
      )}
      {detail !== undefined && (
        <div class="inspector" data-testid="decision-detail">
          <p>
            <strong>{detail.id}</strong> {clock(detail.timestamp)} {detail.symbol} — {detail.strategy}, target{' '}
            {detail.target} at confidence {pct(detail.confidence)}, mode {detail.mode}:{' '}
            <strong>{detail.action}</strong>
            {detail.why === undefined ? '' : ` (${detail.why})`}
          </p>
          <p class="reason">{detail.reason}</p>
          {categories.length > 0 ? (
            <div class="quality" data-testid="decision-quality-bars">
              <p>
                decision quality{' '}
                {typeof record?.quality?.overall === 'number' ? record.quality.overall.toFixed(2) : '—'}{' '}
                {typeof record?.quality?.label === 'string' ? record.quality.label : ''}
              </p>
              {categories.map(([k, v]) => (
                <QualityBar key={k} label={k} score={v} />
              ))}
            </div>
          ) : (
            <p class="muted">no decision-quality score recorded for this decision</p>
          )}
          {record === undefined ? (
            <>
              <p class="muted">this server sends only the summary of a decision:</p>
              <DataTree value={{ orders: detail.orders }} />
            </>
          ) : (
            <div class="parts">
              <MembersTable analysis={record.analysis} />
              <details open>
                <summary>orders and risk checks ({record.orders?.length ?? 0})</summary>
                {(record.orders ?? []).length === 0 && <p class="muted">no order</p>}
                {(record.orders ?? []).map((o) => (
                  <ChecksTable
                    key={o.clientOrderId}
                    order={`${o.side} ${o.quantity} ${o.clientOrderId} → ${o.status}`}
                    verdict={o.verdict}
                  />
                ))}
              </details>
              {record.sizing !== undefined && (
                <details open>
                  <summary>
                    sizing: {record.sizing.contracts ?? '—'} contract
                    {record.sizing.contracts === 1 ? '' : 's'} (Kelly {pct(record.sizing.kellyFraction)}, win
                    probability {pct(record.sizing.winProbability)}, payoff{' '}
                    {record.sizing.payoffRatio?.toFixed(2) ?? '—'})
                  </summary>
                  <ol class="steps">
                    {(record.sizing.steps ?? []).map((s, i) => (
                      <li key={i}>{stepText(s)}</li>
                    ))}
                  </ol>
                  {record.sizing.zeroReason !== undefined && <p class="muted">{record.sizing.zeroReason}</p>}
                </details>
              )}
              {PARTS.filter((p) => record[p] !== undefined).map((p) => (
                <details key={p} open={p === 'intent' || p === 'outcome'}>
                  <summary>{p}</summary>
                  <DataTree value={record[p]} />
                </details>
              ))}
            </div>
          )}
        </div>
      )}
      <Failure text={error ?? list.error} />
    </>
  );
}
