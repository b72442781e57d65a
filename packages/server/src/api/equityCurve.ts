import {
  applyFill,
  type Bar,
  type Fill,
  flatPosition,
  type InstrumentId,
  netRealizedPnl,
  type Position,
  unrealizedPnl,
} from '@minhos/core';

/** One point of the equity curve. */
export interface EquityPoint {
  /** µs. */
  readonly time: number;
  /** Starting capital + realized P&L net of commissions + open positions marked at this time. */
  readonly equity: number;
  /** Highest equity up to this point. */
  readonly peak: number;
  /** `peak − equity`, in currency (≥ 0). */
  readonly drawdown: number;
  /** `(peak − equity) / peak`, 0..1. */
  readonly drawdown_pct: number;
  /** What the point is: a `fill`, a `mark` (bar close with a position open) or the `start`. */
  readonly kind: 'start' | 'fill' | 'mark';
}

/** The inputs of {@link equityCurve}: stored fills and bars (the persisted marks). */
export interface EquityCurveInput {
  /** Capital before the first fill. */
  readonly startingCapital: number;
  /** Every stored fill (any order). */
  readonly fills: readonly Fill[];
  /** Stored bars per instrument (any order); their closes mark open positions between fills. */
  readonly bars: ReadonlyMap<string, readonly Bar[]>;
  readonly pointValue: (instrumentId: string) => number;
}

type Event = { readonly time: number; readonly fill?: Fill; readonly mark?: { id: string; price: number } };

/**
 * The account's equity curve and drawdown over its whole stored history: the fills replayed
 * through core's position arithmetic (the OMS's own), open positions marked at each stored bar's
 * close between fills (bars while flat add no point). A bar and a fill at the same time: the bar
 * first. Pure.
 */
export function equityCurve(input: EquityCurveInput): EquityPoint[] {
  const events: Event[] = input.fills.map((f) => ({ time: f.time, fill: f }));
  for (const [id, bars] of input.bars)
    for (const b of bars) events.push({ time: b.time, mark: { id, price: b.close } });
  events.sort((a, b) => a.time - b.time || (a.mark === undefined ? 1 : 0) - (b.mark === undefined ? 1 : 0));
  const positions = new Map<string, Position>();
  const marks = new Map<string, number>();
  let peak = input.startingCapital;
  const point = (time: number, kind: EquityPoint['kind']): EquityPoint => {
    let equity = input.startingCapital;
    for (const [id, p] of positions)
      equity += netRealizedPnl(p) + unrealizedPnl(p, marks.get(id) ?? p.avgPrice);
    peak = Math.max(peak, equity);
    const drawdown = peak - equity;
    return { time, equity, peak, drawdown, drawdown_pct: peak > 0 ? drawdown / peak : 0, kind };
  };
  const first = events.find((e) => e.fill !== undefined);
  if (first === undefined) return [];
  const out: EquityPoint[] = [point(first.time, 'start')];
  for (const e of events) {
    if (e.time < first.time) continue;
    if (e.fill !== undefined) {
      const f = e.fill;
      const p =
        positions.get(f.instrumentId) ??
        flatPosition(f.instrumentId as InstrumentId, input.pointValue(f.instrumentId));
      positions.set(f.instrumentId, applyFill(p, f));
      marks.set(f.instrumentId, f.price);
      out.push(point(e.time, 'fill'));
    } else if (e.mark !== undefined) {
      marks.set(e.mark.id, e.mark.price);
      if ((positions.get(e.mark.id)?.quantity ?? 0) !== 0) out.push(point(e.time, 'mark'));
    }
  }
  return out;
}

/**
 * Thins a curve to at most `max` points, keeping every fill, the first and the last point, and
 * the deepest drawdown point; marks between are taken evenly. Pure.
 */
export function thinCurve(points: readonly EquityPoint[], max: number): EquityPoint[] {
  if (points.length <= max) return [...points];
  let deepest = 0;
  for (let i = 1; i < points.length; i++)
    if ((points[i] as EquityPoint).drawdown > (points[deepest] as EquityPoint).drawdown) deepest = i;
  const keep = new Set<number>([0, points.length - 1, deepest]);
  points.forEach((p, i) => {
    if (p.kind !== 'mark') keep.add(i);
  });
  const room = Math.max(0, max - keep.size);
  const marks = points.map((p, i) => (p.kind === 'mark' && !keep.has(i) ? i : -1)).filter((i) => i >= 0);
  const step = room === 0 ? Number.POSITIVE_INFINITY : marks.length / room;
  for (let k = 0; k * step < marks.length; k++) keep.add(marks[Math.floor(k * step)] as number);
  return [...keep].sort((a, b) => a - b).map((i) => points[i] as EquityPoint);
}
