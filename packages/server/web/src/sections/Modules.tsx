import { useState } from 'preact/hooks';
import { errorText, send } from '../api.js';
import { auditText, clock } from '../format.js';
import { usePoll } from '../hooks.js';
import { Failure, Panel, Unavailable } from '../ui/Panel.js';

interface ModulesData {
  readonly modules: Record<string, { enabled: boolean; mode: 'observe' | 'enforce' }>;
  readonly recent_actions: readonly { time: string; detail: unknown }[];
}

/** Each module's flag and observe/enforce mode with a switch, and what it did lately. */
export function Modules() {
  const m = usePoll<ModulesData>('/api/modules', 10_000);
  const [error, setError] = useState<string | undefined>(undefined);
  const change = async (name: string, body: { enabled?: boolean; mode?: string }) => {
    setError(undefined);
    try {
      await send('POST', `/api/modules/${encodeURIComponent(name)}`, {
        ...body,
        reason: 'switched on the dashboard',
      });
      m.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Panel id="modules" title="Modules">
      {m.unavailable ? (
        <Unavailable what="modules (/api/modules)" />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">module</th>
              <th scope="col">enabled</th>
              <th scope="col">mode</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(m.data?.modules ?? {}).map(([name, s]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>
                  <label class="switch">
                    <input
                      type="checkbox"
                      checked={s.enabled}
                      aria-label={`${name} enabled`}
                      onChange={(e) => change(name, { enabled: e.currentTarget.checked })}
                    />
                    {s.enabled ? 'on' : 'off'}
                  </label>
                </td>
                <td>
                  <select
                    value={s.mode}
                    aria-label={`${name} mode`}
                    onChange={(e) => change(name, { mode: e.currentTarget.value })}
                  >
                    <option value="enforce">enforce</option>
                    <option value="observe">observe</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul class="log">
        {(m.data?.recent_actions ?? []).slice(0, 5).map((a) => (
          <li key={`${a.time}${JSON.stringify(a.detail)}`}>
            {clock(a.time)} {auditText(a.detail)}
          </li>
        ))}
      </ul>
      <Failure text={error ?? m.error} />
    </Panel>
  );
}
