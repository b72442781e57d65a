import { num } from '../format.js';
import { usePoll, useTopic } from '../hooks.js';
import { Failure, Panel, Stat, Unavailable } from '../ui/Panel.js';
import { QualityBar } from '../ui/QualityBar.js';

interface QualityCurrent {
  readonly current_average: number;
  readonly total_evaluations: number;
  readonly quality_trend?: string;
  readonly strongest_area?: string | null;
  readonly weakest_area?: string | null;
  readonly category_averages: Record<string, number>;
  readonly improving_areas?: readonly string[];
  readonly declining_areas?: readonly string[];
}

interface QualitySummary {
  readonly recommendations?: readonly {
    priority: string;
    category: string;
    message: string;
    actionable_steps?: readonly string[];
  }[];
}

/** The 6 category bars (green ≥ 0.75, orange ≥ 0.5, red), trend and recommendations. */
export function DecisionQuality() {
  const bump = useTopic<unknown>('decisions');
  const current = usePoll<QualityCurrent>('/api/decision-quality/current', 5000, bump);
  const summary = usePoll<QualitySummary>('/api/decision-quality/summary', 10_000, bump);
  const c = current.data;
  return (
    <Panel id="decision-quality" title="Decision quality">
      {current.unavailable ? (
        <Unavailable what="decision quality (/api/decision-quality/current)" />
      ) : c === undefined ? (
        <p class="muted">loading…</p>
      ) : c.total_evaluations === 0 ? (
        <p class="muted">no decision evaluated yet</p>
      ) : (
        <>
          <div class="stats">
            <Stat label="average" value={num(c.current_average)} />
            <Stat label="evaluations" value={c.total_evaluations} />
            <Stat label="trend" value={c.quality_trend ?? '—'} />
            <Stat label="weakest" value={c.weakest_area ?? '—'} />
          </div>
          <div class="quality">
            {Object.entries(c.category_averages).map(([k, v]) => (
              <QualityBar key={k} label={k} score={v} />
            ))}
          </div>
          {(c.improving_areas?.length ?? 0) + (c.declining_areas?.length ?? 0) > 0 && (
            <p>
              improving: {c.improving_areas?.join(', ') || '—'} · declining:{' '}
              {c.declining_areas?.join(', ') || '—'}
            </p>
          )}
        </>
      )}
      {!summary.unavailable && (summary.data?.recommendations?.length ?? 0) > 0 && (
        <>
          <h3>recommendations</h3>
          <ul>
            {summary.data?.recommendations?.map((r) => (
              <li key={`${r.priority}${r.category}${r.message}`}>
                <strong class={r.priority === 'CRITICAL' || r.priority === 'HIGH' ? 'neg' : ''}>
                  {r.priority}
                </strong>{' '}
                {r.category}: {r.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <Failure text={current.error} />
    </Panel>
  );
}
