import { MinhosError } from '@minhos/core';
import { returnCorrelation } from '@minhos/risk';

/** Parameters of {@link balanceEntry} / {@link proposeReductions} (config `modules.portfolioBalancer`). */
export interface PortfolioBalancerParams {
  readonly maxSymbolContracts: number;
  readonly maxClusterContracts: number;
  readonly correlationThreshold: number;
  readonly returnsWindow: number;
}

/** The defaults, equal to config's `modules.portfolioBalancer` defaults. */
export const DEFAULT_PORTFOLIO_BALANCER_PARAMS: PortfolioBalancerParams = Object.freeze({
  maxSymbolContracts: 2,
  maxClusterContracts: 3,
  correlationThreshold: 0.7,
  returnsWindow: 100,
});

/**
 * Correlation clusters of the universe from rolling returns: instruments whose return correlation
 * over the last `window` common bars reaches `threshold` are linked, and clusters are the connected
 * groups (single linkage). An instrument with too little history is its own cluster. Pure.
 *
 * @example
 * ```ts
 * import { correlationClusters } from '@minhos/engine';
 * correlationClusters({ ES: [0.1, -0.2, 0.3], NQ: [0.2, -0.3, 0.5], GC: [0.1, 0.1, -0.2] }, 0.7, 3); // [['ES', 'NQ'], ['GC']]
 * ```
 */
export function correlationClusters(
  returns: Readonly<Record<string, readonly number[]>>,
  threshold: number,
  window: number,
): string[][] {
  const names = Object.keys(returns);
  const parent = new Map(names.map((n) => [n, n]));
  const find = (n: string): string => {
    let r = n;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = returns[names[i] as string] as readonly number[];
      const b = returns[names[j] as string] as readonly number[];
      const n = Math.min(window, a.length, b.length);
      if (n < 3) continue;
      const c = returnCorrelation(a.slice(a.length - n), b.slice(b.length - n));
      if (c >= threshold) parent.set(find(names[i] as string), find(names[j] as string));
    }
  }
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const r = find(n);
    const g = groups.get(r) ?? [];
    g.push(n);
    groups.set(r, g);
  }
  return [...groups.values()];
}

/** The balancer's answer for one proposed entry. */
export interface BalanceVerdict {
  /** The target after trimming (same sign as the proposal, smaller or equal in size; 0 when nothing fits). */
  readonly target: number;
  readonly trimmed: boolean;
  readonly reason: string;
  /** Exposures the verdict was computed from, contracts. */
  readonly symbolExposure: number;
  readonly clusterExposure: number;
  readonly cluster: readonly string[];
}

function clusterOf(clusters: readonly (readonly string[])[], id: string): readonly string[] {
  return clusters.find((c) => c.includes(id)) ?? [id];
}

function checkCaps(p: PortfolioBalancerParams): void {
  for (const k of ['maxSymbolContracts', 'maxClusterContracts'] as const) {
    if (!(Number.isInteger(p[k]) && p[k] >= 1)) {
      throw new MinhosError(
        'MODULE_INVALID',
        `portfolioBalancer.${k} must be a whole number ≥ 1, got ${p[k]}`,
      );
    }
  }
}

/**
 * Trims a new entry so that |position| of the instrument stays within `maxSymbolContracts` and the
 * sum of |position| over its correlation cluster within `maxClusterContracts` (positions are signed
 * contracts by instrument id; the instrument's own position is replaced by the target). Only the
 * increase is trimmed: a target at or below the current size passes unchanged. Pure.
 *
 * @example
 * ```ts
 * import { balanceEntry, DEFAULT_PORTFOLIO_BALANCER_PARAMS } from '@minhos/engine';
 * balanceEntry({ ES: 0, NQ: 2 }, 'ES', 3, [['ES', 'NQ']], DEFAULT_PORTFOLIO_BALANCER_PARAMS).target; // 1
 * ```
 */
export function balanceEntry(
  positions: Readonly<Record<string, number>>,
  instrumentId: string,
  target: number,
  clusters: readonly (readonly string[])[],
  params: PortfolioBalancerParams,
): BalanceVerdict {
  checkCaps(params);
  const cluster = clusterOf(clusters, instrumentId);
  const current = positions[instrumentId] ?? 0;
  let others = 0;
  for (const id of cluster) if (id !== instrumentId) others += Math.abs(positions[id] ?? 0);
  const wanted = Math.abs(target);
  const base = { symbolExposure: Math.abs(current), clusterExposure: others + Math.abs(current), cluster };
  if (wanted <= Math.abs(current) && Math.sign(target) === Math.sign(current)) {
    return { ...base, target, trimmed: false, reason: 'not an increase' };
  }
  const room = Math.max(0, Math.min(params.maxSymbolContracts, params.maxClusterContracts - others));
  if (wanted <= room) {
    return {
      ...base,
      target,
      trimmed: false,
      reason: `${wanted} fits: symbol cap ${params.maxSymbolContracts}, cluster room ${params.maxClusterContracts - others}`,
    };
  }
  return {
    ...base,
    target: room === 0 ? 0 : Math.sign(target) * room,
    trimmed: true,
    reason: `trimmed ${wanted} → ${room}: symbol cap ${params.maxSymbolContracts}, cluster [${cluster.join(', ')}] holds ${others} of ${params.maxClusterContracts}`,
  };
}

/** A reduction the balancer proposes: bring `instrumentId` to `target` (reduce-only). */
export interface ProposedReduction {
  readonly instrumentId: string;
  readonly from: number;
  readonly target: number;
  readonly reason: string;
}

/**
 * Reductions that bring held positions back within the caps (after caps were lowered, a
 * correlation rose, or fills overshot): first each instrument to its symbol cap, then each
 * cluster over its cap from the largest position down, one contract at a time. Pure.
 *
 * @example
 * ```ts
 * import { proposeReductions, DEFAULT_PORTFOLIO_BALANCER_PARAMS } from '@minhos/engine';
 * proposeReductions({ ES: 3 }, [['ES']], DEFAULT_PORTFOLIO_BALANCER_PARAMS); // [{ instrumentId: 'ES', from: 3, target: 2, … }]
 * ```
 */
export function proposeReductions(
  positions: Readonly<Record<string, number>>,
  clusters: readonly (readonly string[])[],
  params: PortfolioBalancerParams,
): ProposedReduction[] {
  checkCaps(params);
  const next = new Map(Object.entries(positions));
  const why = new Map<string, string>();
  for (const [id, q] of next) {
    if (Math.abs(q) > params.maxSymbolContracts) {
      next.set(id, Math.sign(q) * params.maxSymbolContracts);
      why.set(id, `|${q}| > symbol cap ${params.maxSymbolContracts}`);
    }
  }
  const ids = [...next.keys()];
  for (const c of clusters.length > 0 ? clusters : ids.map((i) => [i])) {
    const members = c.filter((id) => next.has(id));
    let total = members.reduce((s, id) => s + Math.abs(next.get(id) ?? 0), 0);
    while (total > params.maxClusterContracts) {
      const largest = members.reduce((a, b) =>
        Math.abs(next.get(b) ?? 0) > Math.abs(next.get(a) ?? 0) ? b : a,
      );
      const q = next.get(largest) ?? 0;
      next.set(largest, q - Math.sign(q));
      why.set(largest, `cluster [${members.join(', ')}] holds ${total} > cap ${params.maxClusterContracts}`);
      total -= 1;
    }
  }
  const out: ProposedReduction[] = [];
  for (const [id, q] of Object.entries(positions)) {
    const t = next.get(id) ?? q;
    if (t !== q) out.push({ instrumentId: id, from: q, target: t, reason: why.get(id) ?? 'over cap' });
  }
  return out;
}
