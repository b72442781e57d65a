import { useEffect, useState } from 'preact/hooks';
import { errorText, send } from '../api.js';
import { auditText, clock } from '../format.js';
import { useConnection, usePoll, useTopic } from '../hooks.js';
import { Failure, Panel } from '../ui/Panel.js';
import { Approvals } from './Approvals.js';
import type { StatusData } from './StatusBar.js';

const MODES = ['manual', 'semi_auto', 'full_auto'] as const;
const LEVELS = [
  ['reduce_only', '1 · reduce only: only closing orders'],
  ['cancel_all', '2 · cancel all: also cancel every working order'],
  ['flatten', '3 · flatten: also close every position at market'],
] as const;

interface EmergencyData {
  readonly level: string;
  readonly history: readonly { time: string; kind: string; detail: unknown }[];
}

/** Mode switch, emergency stop with confirmation and level, audited recovery, pending approvals. */
export function TradingControl() {
  const status = useTopic<StatusData>('status');
  const alerts = useTopic<unknown>('alerts');
  const emergency = usePoll<EmergencyData>('/api/trading/emergency', 10_000, alerts);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [level, setLevel] = useState<string>('flatten');
  const [reason, setReason] = useState('');
  const [recoverReason, setRecoverReason] = useState('');
  const { epoch } = useConnection();
  // What this page did belongs to the connection it was done on.
  useEffect(() => {
    setMessage(undefined);
    setError(undefined);
  }, [epoch]);
  const mode = status?.trading.mode;
  const current = status?.risk.level ?? emergency.data?.level;

  const act = async (what: () => Promise<unknown>, done: string) => {
    setError(undefined);
    try {
      await what();
      setMessage(done);
      emergency.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Panel id="trading-control" title="Trading control">
      <fieldset class="modes">
        <legend>mode</legend>
        {MODES.map((m) => (
          <button
            key={m}
            type="button"
            class={m === mode ? 'selected' : ''}
            aria-pressed={m === mode}
            data-mode={m}
            onClick={() =>
              act(() => send('POST', '/api/trading/mode', { mode: m, reason: 'dashboard' }), `mode → ${m}`)
            }
          >
            {m.replace('_', '-')}
          </button>
        ))}
      </fieldset>

      <div class="emergency">
        <span>
          emergency level <strong data-testid="level">{current ?? '—'}</strong>
        </span>
        {!confirming ? (
          <button type="button" class="danger big" onClick={() => setConfirming(true)}>
            EMERGENCY STOP
          </button>
        ) : (
          <form
            class="confirm"
            aria-label="confirm emergency stop"
            onSubmit={(e) => {
              e.preventDefault();
              void act(
                () =>
                  send('POST', '/api/trading/emergency-stop', {
                    level,
                    reason: reason.trim() === '' ? 'emergency stop from the dashboard' : reason,
                  }),
                `emergency stop: ${level}`,
              ).then(() => setConfirming(false));
            }}
          >
            <label>
              level{' '}
              <select name="level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
                {LEVELS.map(([v, text]) => (
                  <option key={v} value={v}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
            <label>
              reason{' '}
              <input
                name="reason"
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
                placeholder="why (recorded)"
              />
            </label>
            <button type="submit" class="danger">
              Confirm stop
            </button>
            <button type="button" class="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </form>
        )}
      </div>

      {current !== undefined && current !== 'normal' && (
        <form
          class="recover"
          onSubmit={(e) => {
            e.preventDefault();
            void act(
              () => send('POST', '/api/trading/emergency/recover', { reason: recoverReason, confirm: true }),
              'recovered to normal',
            );
          }}
        >
          <label>
            recovery reason (audited){' '}
            <input
              name="recover-reason"
              value={recoverReason}
              required
              minLength={3}
              onInput={(e) => setRecoverReason(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Recover to normal</button>
        </form>
      )}

      {message !== undefined && (
        <p class="ok" role="status">
          {message}
        </p>
      )}
      <Failure text={error ?? emergency.error} />
      <Approvals />
      <h3>audit trail</h3>
      <ul class="log">
        {(emergency.data?.history ?? []).slice(0, 6).map((h) => (
          <li key={`${h.time}${h.kind}`}>
            {clock(h.time)} {h.kind.toLowerCase().replaceAll('_', ' ')} — {auditText(h.detail)}
          </li>
        ))}
        {emergency.data?.history.length === 0 && <li class="muted">no emergency or recovery yet</li>}
      </ul>
    </Panel>
  );
}
