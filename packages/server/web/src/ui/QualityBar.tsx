import { num, qualityClass } from '../format.js';

/** A 0..1 score as a coloured bar: green ≥ 0.75, orange ≥ 0.5, red below. */
export function QualityBar({ label, score }: { readonly label: string; readonly score: number }) {
  const cls = qualityClass(score);
  return (
    <div class="qbar" data-quality={cls}>
      <span class="label">{label.replaceAll('_', ' ')}</span>
      <span class="track" aria-hidden="true">
        <span class={`fill ${cls}`} style={{ width: `${Math.max(0, Math.min(1, score)) * 100}%` }} />
      </span>
      <span class="value">{num(score)}</span>
    </div>
  );
}
