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

/** Pick any recorded decision and see its whole record, outcome and quality scores. */
export function DecisionInspector() {
  const decisionsTopic = useTopic<unknown>('decisions');
  const list = usePoll<DecisionList>('/api/decisions/recent?limit=100', 10_000, decisionsTopic);
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
  const byId = routes?.has('GET', '/api/decisions/x') === true;

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
    getJson<DecisionItem | { decision: DecisionItem }>(`/api/decisions/${encodeURIComponent(picked)}`).then(
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
  return (
    <Panel id="decision-inspector" title="Decision inspector" wide>
      {list.unavailable ? (
        <Unavailable what="recorded decisions (/api/decisions/recent)" />
      ) : (
        <label>
          decision{' '}
          <select
            name="decision"
            value={picked}
            onChange={(e) => setPicked(e.currentTarget.value)}
            aria-label="pick a decision"
          >
            <option value="">— pick one of {list.data?.total ?? 0} —</option>
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
                    sizing: {record.sizing.contracts ?? '—'} contracts (Kelly{' '}
                    {pct(record.sizing.kellyFraction)}, win probability {pct(record.sizing.winProbability)},
                    payoff {record.sizing.payoffRatio?.toFixed(2) ?? '—'})
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
    </Panel>
  );
}
