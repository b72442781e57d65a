import { usePoll } from '../hooks.js';
import { DataTree } from '../ui/DataTree.js';
import { Failure, Panel, Unavailable } from '../ui/Panel.js';

/** ML backend, model versions, live accuracy against the baselines. */
export function MlMonitoring() {
  const status = usePoll<Record<string, unknown>>('/api/ml/status', 10_000);
  const perf = usePoll<Record<string, unknown>>('/api/ml/performance/current', 10_000);
  return (
    <Panel id="ml" title="ML monitoring">
      {status.unavailable ? (
        <Unavailable what="ML status (/api/ml/status)" />
      ) : status.data === undefined ? (
        <p class="muted">loading…</p>
      ) : (
        <DataTree value={status.data} />
      )}
      {!status.unavailable &&
        (perf.unavailable ? (
          <Unavailable what="live model accuracy (/api/ml/performance/current)" />
        ) : (
          perf.data !== undefined && (
            <>
              <h3>live accuracy vs baselines</h3>
              <DataTree value={perf.data} />
            </>
          )
        ))}
      <Failure text={status.error ?? perf.error} />
    </Panel>
  );
}
