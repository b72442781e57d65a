import type { BacktestJob } from './BacktestJobs.js';
import type { DecisionLoop, LoopAnalysis } from './DecisionLoop.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

/** The `ai` topic's message: the fused signal, each member and the regime at one bar. */
export function aiView(a: LoopAnalysis): Record<string, unknown> {
  return {
    timestamp: iso(a.time),
    price: a.price,
    direction: a.fused.direction,
    confidence: a.fused.confidence,
    score: a.fused.score,
    agreement: a.fused.agreement,
    regime: a.regime?.state ?? null,
    decided: a.decided,
    members: a.fused.members.map((m) => ({
      name: m.name,
      direction: m.direction,
      confidence: m.confidence,
      weight: m.effectiveWeight,
      note: m.note,
    })),
  };
}

/** The `approvals` topic's message: what waits for a person. */
export function approvalsView(loop: DecisionLoop): Record<string, unknown> {
  return {
    mode: loop.modes.mode,
    approvals: loop.modes.pending().map((p) => ({
      id: p.id,
      requested_at: iso(p.requestedAt),
      expires_at: iso(p.expiresAt),
      summary: p.summary,
    })),
  };
}

/** The `backtests` topic's message: one job's state and progress. */
export function backtestSummary(job: BacktestJob): Record<string, unknown> {
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    error: job.error ?? null,
    trades: job.result?.trades.length ?? null,
    return_pct: job.result?.stats.returnPct ?? null,
    decisions: job.result?.decisions?.total ?? null,
  };
}
