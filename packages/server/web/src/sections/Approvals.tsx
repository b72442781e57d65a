import { useEffect, useState } from 'preact/hooks';
import { errorText, send } from '../api.js';
import { useConnection, usePoll, useTopic } from '../hooks.js';
import { Failure, Unavailable } from '../ui/Panel.js';

/** A pending semi_auto approval as the server lists it. */
export interface ApprovalItem {
  readonly id: string;
  readonly requested_at: string;
  readonly expires_at: string;
  readonly summary?: unknown;
}

interface ApprovalList {
  readonly approvals: readonly ApprovalItem[];
  readonly mode?: string;
}

function describe(summary: unknown): string {
  if (summary === null || typeof summary !== 'object') return String(summary ?? '');
  const s = summary as Record<string, unknown>;
  const parts = [
    s.symbol ?? s.instrumentId,
    s.side,
    s.quantity,
    s.target === undefined ? undefined : `target ${String(s.target)}`,
    typeof s.confidence === 'number' ? `confidence ${(s.confidence * 100).toFixed(0)}%` : undefined,
  ]
    .filter((p) => p !== undefined)
    .join(' ');
  return `${parts}${typeof s.reason === 'string' ? ` — ${s.reason}` : ''}`;
}

/** Pending approvals with their countdown (on the server's clock), approve / reject. */
export function Approvals() {
  const status = useTopic<{ timestamp: string }>('status');
  const live = useTopic<ApprovalList>('approvals');
  const polled = usePoll<ApprovalList>('/api/trading/approvals', 5000, live);
  const [error, setError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const { epoch } = useConnection();
  useEffect(() => {
    setDone(undefined);
    setError(undefined);
  }, [epoch]);
  if (polled.unavailable) return <Unavailable what="pending approvals (/api/trading/approvals)" />;
  const items = (live ?? polled.data)?.approvals ?? [];
  // Expiry runs on the server's clock (simulated in the embedded default): count down against it.
  const serverNow = status === undefined ? Date.now() : Date.parse(status.timestamp);
  const decide = async (id: string, verb: 'approve' | 'reject') => {
    setError(undefined);
    try {
      await send('POST', `/api/trading/approvals/${encodeURIComponent(id)}/${verb}`, {
        reason: `${verb} from the dashboard`,
      });
      setDone(`${id} ${verb === 'approve' ? 'approved' : 'rejected'}`);
      polled.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div class="approvals" data-testid="approvals">
      <h3>pending approvals ({items.length})</h3>
      {items.length === 0 && (
        <p class="muted">
          none waiting
          {(live ?? polled.data)?.mode === 'semi_auto' ? '' : ' (approvals are asked in semi_auto)'}
        </p>
      )}
      <ul>
        {items.map((a) => {
          const left = Math.max(0, Math.round((Date.parse(a.expires_at) - serverNow) / 1000));
          return (
            <li key={a.id} data-approval={a.id}>
              <span>
                <strong>{a.id}</strong> {describe(a.summary)}
              </span>
              <span
                class={`countdown ${left < 10 ? 'danger' : ''}`}
                title="seconds left on the server's clock"
              >
                {left} s
              </span>
              <button type="button" onClick={() => decide(a.id, 'approve')}>
                Approve
              </button>
              <button type="button" class="ghost" onClick={() => decide(a.id, 'reject')}>
                Reject
              </button>
            </li>
          );
        })}
      </ul>
      {done !== undefined && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      <Failure text={error ?? polled.error} />
    </div>
  );
}
