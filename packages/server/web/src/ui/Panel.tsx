import type { ComponentChildren } from 'preact';

/** Props of {@link Panel}. */
export interface PanelProps {
  readonly id: string;
  readonly title: string;
  readonly children?: ComponentChildren;
  readonly wide?: boolean;
  readonly actions?: ComponentChildren;
}

/** One dashboard section: a titled, labelled region (screenshots and tests find it by `id`). */
export function Panel({ id, title, children, wide, actions }: PanelProps) {
  return (
    <section id={id} class={wide === true ? 'panel wide' : 'panel'} aria-labelledby={`${id}-title`}>
      <header>
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </header>
      <div class="body">{children}</div>
    </section>
  );
}

/** Shown where this server has no endpoint for a section (never fake data). */
export function Unavailable({ what }: { readonly what: string }) {
  return (
    <p class="unavailable" role="note">
      Not available from this server: {what}
    </p>
  );
}

/** A failed load, in words. */
export function Failure({ text }: { readonly text: string | undefined }) {
  return text === undefined ? null : (
    <p class="error" role="alert">
      {text}
    </p>
  );
}

/** A labelled figure in a row of stats. */
export function Stat({
  label,
  value,
  cls,
}: {
  readonly label: string;
  readonly value: ComponentChildren;
  readonly cls?: string;
}) {
  return (
    <div class="stat">
      <span class="label">{label}</span>
      <span class={`value ${cls ?? ''}`}>{value}</span>
    </div>
  );
}
