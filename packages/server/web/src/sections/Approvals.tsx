import { useEffect, useState } from 'preact/hooks';
import { errorText, send } from '../api.js';
import { usePoll, useTopic } from '../hooks.js';
import { Failure, Unavailable } from '../ui/Panel.js';

/** A pending semi_auto approval as the server lists it. */
export interface ApprovalItem {
  readonly id: string;
  readonly requested_at?: string;
  readonly expires_at: string;
  readonly seconds_left?: number;
  readonly summary?: unknown;
}

interface ApprovalList {
  readonly approvals?: readonly ApprovalItem[];
  readonly pending?: readonly ApprovalItem[];
}

function describe(summary: unknown): string {
  if (summary === null || typeof summary !== 'object') return String(summary ?? '');
  const s = summary as Record<string, unknown>;
  const parts = [s.symbol, s.side, s.quantity, s.target === undefined ? undefined : `target ${s.target}`]
    .filter((p) => p !== undefined)
    .join(' ');
  return `${parts}${typeof s.reason === 'string' ? ` — ${s.reason}` : ''}`;
}

/** Pending approvals with their countdown, approve / reject. */
export function Approvals() {
  const status = useTopic<{ timestamp: string }>('status');
  const decisions = useTopic<unknown>('decisions');
  const list = usePoll<ApprovalList>('/api/trading/approvals', 2000, decisions);
  const [error, setError] = useState<string | undefined>(undefined);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  if (list.unavailable) return <Unavailable what="pending approvals (/api/trading/approvals)" />;
  const items = list.data?.approvals ?? list.data?.pending ?? [];
  // Expiry runs on the server's clock (simulated in the embedded default): count down from its time.
  const serverNow = status === undefined ? now : Date.parse(status.timestamp);
  const decide = async (id: string, verb: 'approve' | 'reject') => {
    setError(undefined);
    try {
      await send('POST', `/api/trading/approvals/${encodeURIComponent(id)}/${verb}`, {
        reason: `${verb} from the dashboard`,
      });
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div class="approvals" data-testid="approvals">
      <h3>pending approvals ({items.length})</h3>
      {items.length === 0 && <p class="muted">none waiting</p>}
      <ul>
        {items.map((a) => {
          const left =
            a.seconds_left ?? Math.max(0, Math.round((Date.parse(a.expires_at) - serverNow) / 1000));
          return (
            <li key={a.id} data-approval={a.id}>
              <span>{describe(a.summary)}</span>
              <span class={`countdown ${left < 10 ? 'danger' : ''}`}>{left} s</span>
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
      <Failure text={error ?? list.error} />
    </div>
  );
}
