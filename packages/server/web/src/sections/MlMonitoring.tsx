import { clock, num, pct } from '../format.js';
import { usePoll } from '../hooks.js';
import { Failure, Panel, Stat, Unavailable } from '../ui/Panel.js';

interface MlStatus {
  readonly available: boolean;
  readonly state: string;
  readonly model: string;
  readonly version: string | null;
  readonly training: { stage: string; progress: number; bars_seen: number; min_training_bars: number };
  readonly message: string;
  readonly fusion: { state: string | null; weight: number; reason: string | null };
  readonly versions?: readonly {
    id: string;
    version: string;
    status: string;
    time: string;
    current: boolean;
  }[];
  readonly backend?: {
    tfjs: string | null;
    tfjs_simd: boolean | null;
    wasm_simd: boolean;
    lstm_inference: string;
  };
  readonly events: readonly { time: string; kind: string; message: string }[];
}

interface MlPerformance {
  readonly holdout_accuracy: number | null;
  readonly holdout_log_loss: number | null;
  readonly live_accuracy: number | null;
  readonly live_predictions: number;
  readonly deployed: boolean;
  readonly live_scored?: number;
  readonly live_baselines?: Readonly<Record<string, number | null>>;
}

/** The backend line: tfjs backend (or none built) and where LSTM inference runs. */
function backendText(b: NonNullable<MlStatus['backend']>): string {
  const tf = b.tfjs === null ? 'tfjs not loaded' : `tfjs ${b.tfjs}${b.tfjs_simd === true ? ' (SIMD)' : ''}`;
  return `${tf} · LSTM inference ${b.lstm_inference}${b.wasm_simd ? '' : ' (no wasm SIMD)'}`;
}

/** Direction accuracy of a coin flip: what a model has to beat to be worth a vote. */
const COIN_FLIP = 0.5;

function Accuracy({ label, value }: { readonly label: string; readonly value: number | null }) {
  if (value === null) return <Stat label={label} value="—" />;
  const edge = value - COIN_FLIP;
  return (
    <Stat
      label={label}
      value={`${pct(value)} (${edge >= 0 ? '+' : '−'}${pct(Math.abs(edge))} vs coin flip)`}
      cls={edge > 0 ? 'pos' : 'neg'}
    />
  );
}

/** ML backend and model version, training progress, held-out and live accuracy against a coin flip. */
export function MlMonitoring() {
  const status = usePoll<MlStatus>('/api/ml/status', 10_000);
  const perf = usePoll<MlPerformance>('/api/ml/performance/current', 10_000);
  const s = status.data;
  const p = perf.data;
  return (
    <Panel id="ml" title="ML monitoring">
      {status.unavailable ? (
        <Unavailable what="ML status (/api/ml/status)" />
      ) : s === undefined ? (
        <p class="muted">loading…</p>
      ) : !s.available ? (
        <p class="muted">no model trainer in this server</p>
      ) : (
        <>
          <div class="stats">
            <Stat label="model" value={`${s.model}${s.version === null ? '' : ` ${s.version}`}`} />
            <Stat label="state" value={s.state.replaceAll('_', ' ')} />
            <Stat
              label="in the fusion"
              value={`${(s.fusion.state ?? '—').replaceAll('_', ' ')} · weight ${num(s.fusion.weight)}`}
            />
            {s.backend !== undefined && <Stat label="backend" value={backendText(s.backend)} />}
          </div>
          {s.versions !== undefined && s.versions.length > 0 && (
            <table class="versions">
              <thead>
                <tr>
                  <th>version</th>
                  <th>status</th>
                  <th>since</th>
                </tr>
              </thead>
              <tbody>
                {s.versions.slice(0, 4).map((v) => (
                  <tr key={v.id}>
                    <td>
                      {v.id}
                      {v.current ? ' (current)' : ''}
                    </td>
                    <td>{v.status.replaceAll('_', ' ')}</td>
                    <td>{clock(v.time)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <label class="progress">
            training: {s.training.stage} ({s.training.bars_seen}/{s.training.min_training_bars} bars){' '}
            <progress max={1} value={s.training.progress} />
          </label>
          <p class="muted">{s.message}</p>
          {perf.unavailable ? (
            <Unavailable what="model accuracy (/api/ml/performance/current)" />
          ) : (
            p !== undefined && (
              <>
                <div class="stats">
                  <Accuracy label="held-out accuracy" value={p.holdout_accuracy} />
                  <Accuracy label="live accuracy" value={p.live_accuracy} />
                  <Stat label="live predictions" value={p.live_predictions} />
                  <Stat label="log loss" value={num(p.holdout_log_loss, 3)} />
                  <Stat label="deployed" value={p.deployed ? 'yes' : 'no'} />
                </div>
                {p.live_baselines !== undefined &&
                  ((p.live_scored ?? 0) === 0 ? (
                    <p class="muted">
                      live accuracy against the baselines (coin flip, always long, previous direction,
                      contrarian) appears once the voting model's predictions are scored
                    </p>
                  ) : (
                    <div class="stats baselines">
                      <Stat label="live bars scored" value={p.live_scored ?? 0} />
                      {Object.entries(p.live_baselines).map(([name, v]) => (
                        <Stat key={name} label={`baseline ${name}`} value={v === null ? '—' : pct(v)} />
                      ))}
                    </div>
                  ))}
              </>
            )
          )}
          <ul class="log">
            {s.events.slice(-5).map((e) => (
              <li key={`${e.time}${e.kind}`}>
                {clock(e.time)} {e.kind}: {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <Failure text={status.error ?? perf.error} />
    </Panel>
  );
}
