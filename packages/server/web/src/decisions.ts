/** A decision as `/api/decisions/recent` lists it; `record` is the engine's whole record when sent. */
export interface DecisionItem {
  readonly id: string;
  readonly timestamp: string;
  readonly symbol: string;
  readonly strategy: string;
  readonly target: number;
  readonly confidence: number;
  readonly reason: string;
  readonly mode: string;
  readonly action: string;
  readonly outcome?: string;
  readonly why?: string;
  readonly quality_score?: number;
  readonly orders: readonly { order_id: string; status: string; reasons?: readonly string[] }[];
  readonly record?: DecisionRecordView;
}

/** The parts of the engine's decision record the dashboard reads (the rest is shown raw). */
export interface DecisionRecordView {
  readonly inputs?: Record<string, unknown>;
  readonly analysis?: unknown;
  readonly intent?: { target: number; confidence: number; reason: string };
  readonly bracket?: { stopLossPoints: number; takeProfitPoints: number };
  readonly sizing?: {
    readonly contracts?: number;
    readonly fraction?: number;
    readonly winProbability?: number;
    readonly payoffRatio?: number;
    readonly kellyFraction?: number;
    readonly steps?: readonly unknown[];
    readonly zeroReason?: string;
  };
  readonly route?: unknown;
  readonly orders?: readonly {
    clientOrderId: string;
    status: string;
    side: string;
    quantity: number;
    verdict?: unknown;
  }[];
  readonly outcome?: unknown;
  readonly quality?: {
    readonly overall?: number;
    readonly categories?: Record<string, number>;
    readonly scores?: Record<string, number>;
  } & Record<string, unknown>;
}

/** The list body of `/api/decisions/recent`. */
export interface DecisionList {
  readonly decisions: readonly DecisionItem[];
  readonly total: number;
  readonly running: boolean;
}

/** The members of a fused analysis, as `[name, contribution]` rows, when the record has them. */
export function memberRows(analysis: unknown): { name: string; detail: Record<string, unknown> }[] {
  if (analysis === null || typeof analysis !== 'object') return [];
  const a = analysis as Record<string, unknown>;
  const fused = a.fused as Record<string, unknown> | undefined;
  const members = fused?.members ?? a.members ?? a.contributions ?? a.signals;
  if (Array.isArray(members))
    return members.map((m, i) => {
      const r = (m ?? {}) as Record<string, unknown>;
      return { name: String(r.name ?? r.member ?? r.id ?? `member ${i + 1}`), detail: r };
    });
  if (members !== null && typeof members === 'object')
    return Object.entries(members as Record<string, unknown>).map(([name, d]) => ({
      name,
      detail: (d ?? {}) as Record<string, unknown>,
    }));
  return [];
}

/** The 6 quality categories of a record (0..1 each), when scored. */
export function qualityCategories(q: DecisionRecordView['quality']): [string, number][] {
  if (q === undefined) return [];
  const source = (q.categories ?? q.scores ?? q) as Record<string, unknown>;
  return Object.entries(source).filter(
    (e): e is [string, number] => typeof e[1] === 'number' && e[0] !== 'overall',
  );
}

/** One Kelly sizing step in words: name, fraction in → out, and why. */
export function stepText(step: unknown): string {
  if (typeof step === 'string') return step;
  const s = (step ?? {}) as Record<string, unknown>;
  const io =
    typeof s.inputFraction === 'number' && typeof s.outputFraction === 'number'
      ? ` ${s.inputFraction.toFixed(4)} → ${s.outputFraction.toFixed(4)}`
      : '';
  return `${String(s.name ?? 'step')}${io}${typeof s.reason === 'string' ? ` — ${s.reason}` : ''}`;
}
