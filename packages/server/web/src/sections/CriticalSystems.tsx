import { pct } from '../format.js';
import { usePoll } from '../hooks.js';
import { Failure, Panel, Unavailable } from '../ui/Panel.js';

interface ServicesData {
  readonly services: Record<string, { status: string; health: number; detail?: string; restarts?: number }>;
  readonly overall_health: number;
  readonly healthy_count: number;
  readonly total_count: number;
}

/** Services with status, health and restarts; overall health. */
export function CriticalSystems() {
  const s = usePoll<ServicesData>('/api/services/status', 5000);
  const health = usePoll<{ status: string; version: string }>('/api/health', 10_000);
  return (
    <Panel id="critical-systems" title="Critical systems">
      {s.unavailable ? (
        <Unavailable what="services (/api/services/status)" />
      ) : s.data === undefined ? (
        <p class="muted">loading…</p>
      ) : (
        <>
          <p>
            {s.data.healthy_count}/{s.data.total_count} running · overall health{' '}
            {pct(s.data.overall_health, 0)} · server {health.data?.status ?? '—'} v
            {health.data?.version ?? '—'}
          </p>
          <table>
            <tbody>
              {Object.entries(s.data.services).map(([name, v]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td class={v.status === 'running' ? 'ok' : 'neg'}>{v.status}</td>
                  <td>{pct(v.health, 0)}</td>
                  <td>{v.restarts === undefined ? '' : `${v.restarts} restarts`}</td>
                  <td class="muted">{v.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Failure text={s.error} />
    </Panel>
  );
}
