import { useState } from 'preact/hooks';
import { clock, money } from '../format.js';
import { useConnection, useTopic } from '../hooks.js';
import { getToken, setToken } from '../token.js';

interface Service {
  readonly status: string;
  readonly health: number;
  readonly detail?: string;
}

/** The `/api/status` body (also the `status` topic). */
export interface StatusData {
  readonly timestamp: string;
  readonly status: string;
  readonly banner: string | null;
  readonly services: Record<string, Service>;
  readonly trading: { readonly mode: string; readonly active: boolean; readonly total_pnl: number };
  readonly market: {
    readonly connected: boolean;
    readonly symbol: string;
    readonly price: number | null;
    readonly last_update: string | null;
    readonly symbols: readonly string[];
  };
  readonly risk: { readonly level: string };
}

function ageSeconds(s: StatusData): number | null {
  if (s.market.last_update === null) return null;
  return Math.max(0, (Date.parse(s.timestamp) - Date.parse(s.market.last_update)) / 1000);
}

function Light({ label, service }: { readonly label: string; readonly service: Service | undefined }) {
  // Undefined while offline too: the last status seen says nothing about now.
  const state = service === undefined ? 'unknown' : service.status;
  return (
    <span
      class={`light ${state === 'running' ? 'ok' : state === 'unknown' ? 'muted' : 'bad'}`}
      title={service?.detail}
    >
      {label}: {state}
    </span>
  );
}

function TokenBox() {
  const [has, setHas] = useState(getToken() !== null);
  const [value, setValue] = useState('');
  if (has)
    return (
      <button
        type="button"
        class="ghost"
        onClick={() => {
          setToken(null);
          setHas(false);
        }}
      >
        forget token
      </button>
    );
  return (
    <form
      class="token"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim() === '') return;
        setToken(value);
        setValue('');
        setHas(true);
      }}
    >
      <input
        type="password"
        name="token"
        aria-label="access token"
        autoComplete="off"
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
        placeholder="access token (for changes)"
      />
      <button type="submit">use</button>
    </form>
  );
}

/** Feed, broker, mode, emergency level, data age, the paper/simulated banner and the connection. */
export function StatusBar() {
  const status = useTopic<StatusData>('status');
  const { state } = useConnection();
  const age = status === undefined ? null : ageSeconds(status);
  return (
    <header id="status-bar">
      {state !== 'online' && (
        <div class="offline" role="alert" data-testid="offline">
          {state === 'offline'
            ? 'OFFLINE — the server cannot be reached; reconnecting… (figures below are the last ones seen)'
            : 'connecting…'}
        </div>
      )}
      {status?.banner != null && (
        <div class="banner" data-testid="banner">
          {status.banner.toUpperCase()} — no real money
        </div>
      )}
      <div class="bar">
        <strong class="brand">MinhOS</strong>
        <span class={`light ${state === 'online' ? 'ok' : 'bad'}`} data-testid="connection">
          {state}
        </span>
        {status === undefined ? (
          <span class="muted">waiting for status…</span>
        ) : (
          <>
            <Light label="feed" service={state === 'online' ? status.services.market_data : undefined} />
            <Light label="broker" service={state === 'online' ? status.services.broker : undefined} />
            <span class="chip" data-testid="status-mode">
              mode {status.trading.mode}
            </span>
            <span class={`chip ${status.risk.level === 'normal' ? '' : 'danger'}`} data-testid="status-level">
              emergency {status.risk.level}
            </span>
            <span class={`chip ${age !== null && age > 60 ? 'danger' : ''}`}>
              data age {age === null ? 'no data' : `${age.toFixed(0)} s`}
            </span>
            <span class="chip">P&amp;L {money(status.trading.total_pnl)}</span>
            <span class="muted">{clock(status.timestamp)} UTC</span>
          </>
        )}
        <span class="spacer" />
        <TokenBox />
      </div>
    </header>
  );
}
