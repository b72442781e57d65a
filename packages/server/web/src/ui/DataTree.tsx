/** Renders any JSON value as nested definition lists (the decision inspector's raw record). */
export function DataTree({ value, depth = 0 }: { readonly value: unknown; readonly depth?: number }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  if (typeof value === 'number')
    return <span class="num">{Number.isInteger(value) ? value : value.toFixed(4)}</span>;
  if (typeof value !== 'object') return <span>{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">none</span>;
    return (
      <ol class="tree">
        {value.map((v, i) => (
          <li key={i}>
            <DataTree value={v} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <span class="muted">empty</span>;
  return (
    <dl class="tree">
      {entries.map(([k, v]) => (
        <div key={k} class="row">
          <dt>{k}</dt>
          <dd>
            <DataTree value={v} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
