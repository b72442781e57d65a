import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BacktestDecisions, BacktestJob, BacktestJobs } from '../runtime/BacktestJobs.js';
import { decisionView } from '../runtime/decisionView.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

const isoMs = (ms: number): string => new Date(ms).toISOString();
const isoUs = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();
const contracts = z.number().int('quantity must be a whole number of contracts').min(1).max(100).default(1);
const points = z.number().finite().positive().max(10_000);

/** The body of `POST /api/backtests`. */
export const backtestRequestSchema = z.strictObject({
  symbol: z.string().min(1).max(40).optional(),
  timeframe: z.enum(['1m']).default('1m'),
  strategy: z.discriminatedUnion('name', [
    z.strictObject({
      name: z.literal('sma'),
      fast: z.number().int().min(1).max(1000).default(10),
      slow: z.number().int().min(2).max(5000).default(30),
      quantity: contracts,
    }),
    z.strictObject({ name: z.literal('ta'), quantity: contracts }),
    z.strictObject({
      name: z.literal('ai'),
      /** full_auto's autonomous threshold (default config `trading.autonomousThreshold`). */
      threshold: z.number().min(0).max(1).optional(),
      /** The AI modules at their configured levels (`config`, default, as live) or none (`off`). */
      modules: z.enum(['config', 'off']).optional(),
    }),
  ]),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  starting_capital: z.number().finite().positive().max(1e12).default(100_000),
  commission_per_contract: z.number().finite().min(0).max(1000).optional(),
  slippage_ticks: z.number().int().min(0).max(100).optional(),
  bracket: z.strictObject({ stop_loss_points: points, take_profit_points: points }).optional(),
});

function jobsOf(deps: ServerDeps): BacktestJobs {
  if (deps.backtests === undefined)
    throw new ApiError(404, 'NO_BACKTESTS', 'backtests are not available in this server');
  return deps.backtests;
}

/** The counts and quality of an AI backtest's decisions (not the records: those have their own routes). */
function decisionsSummary(d: BacktestDecisions): Record<string, unknown> {
  return {
    total: d.total,
    kept: d.records.length,
    dropped: d.dropped,
    threshold: d.threshold,
    outcomes: d.outcomes,
    quality: d.quality ?? null,
    members: d.members,
    modules: d.modules ?? null,
  };
}

/** A job as the API shows it (`results` only with `full`). */
export function backtestView(job: BacktestJob, full: boolean): Record<string, unknown> {
  const r = job.result;
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    request: job.request,
    created_at: isoMs(job.createdAt),
    finished_at: job.finishedAt === undefined ? null : isoMs(job.finishedAt),
    error: job.error ?? null,
    ...(r === undefined
      ? {}
      : full
        ? {
            results: {
              bars: r.bars,
              stats: r.stats,
              table: r.table,
              equity: r.equity.map((e) => ({ timestamp: isoUs(e.time), equity: e.equity })),
              trades: r.trades.map((t) => ({
                entry_time: isoUs(t.entryTime),
                exit_time: isoUs(t.exitTime),
                quantity: t.quantity,
                entry_price: t.entryPrice,
                exit_price: t.exitPrice,
                pnl: t.pnl,
              })),
              ...(r.decisions === undefined ? {} : { decisions: decisionsSummary(r.decisions) }),
            },
          }
        : {
            summary: {
              bars: r.bars,
              trades: r.trades.length,
              return_pct: r.stats.returnPct ?? null,
              ...(r.decisions === undefined ? {} : { decisions: r.decisions.total }),
            },
          }),
  };
}

/**
 * `/api/backtests`: start one on stored bars (bounded, cancellable), its progress and results, the
 * list, and an AI backtest's decisions ({@link backtestDecisionRoutes}).
 */
export function backtestRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/backtests',
    summary:
      'Start a backtest on the stored bars with a strategy and its parameters (202 with its id; 409 when two run)',
    tag: 'backtests',
    mutating: true,
    body: backtestRequestSchema,
    handler: ({ body, reply }) => {
      const jobs = jobsOf(deps);
      if (body.strategy.name === 'sma' && body.strategy.fast >= body.strategy.slow)
        throw new ApiError(
          400,
          'INVALID_BODY',
          'invalid request body: strategy.fast must be < strategy.slow',
        );
      const from = body.from === undefined ? undefined : Date.parse(body.from) * 1000;
      const to = body.to === undefined ? undefined : Date.parse(body.to) * 1000;
      if (from !== undefined && to !== undefined && from >= to)
        throw new ApiError(400, 'INVALID_BODY', 'invalid request body: from must be before to');
      const config = deps.config?.current;
      const strategy =
        body.strategy.name === 'ai'
          ? {
              name: 'ai' as const,
              threshold: body.strategy.threshold ?? config?.trading.autonomousThreshold ?? 0.75,
              ...(body.strategy.modules === undefined ? {} : { modules: body.strategy.modules }),
            }
          : body.strategy;
      const out = jobs.start({
        symbol: body.symbol ?? (deps.market.symbols[0] as string),
        timeframe: body.timeframe,
        strategy,
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        startingCapital: body.starting_capital,
        commissionPerContract: body.commission_per_contract ?? config?.trading.commissionPerContract ?? 0,
        slippageTicks: body.slippage_ticks ?? config?.trading.slippageTicks ?? 0,
        ...(body.bracket === undefined
          ? {}
          : {
              bracket: {
                stopLossPoints: body.bracket.stop_loss_points,
                takeProfitPoints: body.bracket.take_profit_points,
              },
            }),
      });
      if (!out.ok) {
        const status = out.code === 'BUSY' ? 409 : out.code === 'NO_DATA' ? 409 : 400;
        throw new ApiError(status, `BACKTEST_${out.code}`, out.message);
      }
      reply.status(202);
      return { success: true, id: out.job.id, status: out.job.status, url: `/api/backtests/${out.job.id}` };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/backtests',
    summary: 'Backtests of this session, newest first',
    tag: 'backtests',
    mutating: false,
    handler: () => {
      const list = jobsOf(deps)
        .list()
        .map((j) => backtestView(j, false));
      return { backtests: list, count: list.length };
    },
  });

  const params = z.strictObject({ id: z.string().min(1).max(40) });
  const find = (id: string) => {
    const job = jobsOf(deps).get(id);
    if (job === undefined) throw new ApiError(404, 'BACKTEST_NOT_FOUND', `backtest ${id} is unknown`);
    return job;
  };
  defineRoute(app, {
    method: 'GET',
    url: '/api/backtests/:id',
    summary: 'A backtest: progress, then results (stats table, equity curve, trades)',
    tag: 'backtests',
    mutating: false,
    params,
    handler: ({ params: p }) => backtestView(find(p.id), true),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/backtests/:id',
    summary: 'Cancel a running backtest',
    tag: 'backtests',
    mutating: true,
    params,
    handler: ({ params: p }) => {
      const job = find(p.id);
      if (!jobsOf(deps).cancel(p.id))
        throw new ApiError(409, 'BACKTEST_NOT_RUNNING', `backtest ${p.id} is ${job.status}, not running`);
      return { success: true, id: p.id, status: 'cancelling' };
    },
  });

  backtestDecisionRoutes(app, deps);
}

/** The decisions of a finished AI backtest, or the API error saying why there are none. */
function decisionsOf(deps: ServerDeps, id: string): BacktestDecisions {
  const out = jobsOf(deps).decisions(id);
  if (out.ok) return out.decisions;
  if (out.code === 'NOT_FOUND') throw new ApiError(404, 'BACKTEST_NOT_FOUND', out.message);
  if (out.code === 'NOT_DONE') throw new ApiError(409, 'BACKTEST_NOT_DONE', out.message);
  throw new ApiError(404, 'BACKTEST_NO_DECISIONS', out.message);
}

/**
 * `/api/backtests/:id/decisions`: the decision records an AI backtest kept, as the live decision
 * list and `GET /api/decisions/:id` show them, so the decision inspector opens them alike.
 */
export function backtestDecisionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const params = z.strictObject({ id: z.string().min(1).max(40) });
  defineRoute(app, {
    method: 'GET',
    url: '/api/backtests/:id/decisions',
    summary:
      'Decisions of a finished AI backtest, newest first, as the live list shows them (before = a decision id of the previous page)',
    tag: 'backtests',
    mutating: false,
    params,
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: z.string().min(1).max(80).optional(),
    }),
    handler: ({ params: p, query }) => {
      const d = decisionsOf(deps, p.id);
      let end = d.records.length;
      if (query.before !== undefined) {
        end = d.records.findIndex((r) => r.id === query.before);
        if (end < 0)
          throw new ApiError(
            404,
            'DECISION_NOT_FOUND',
            `decision ${query.before} (before) is not among the decisions kept for backtest ${p.id}`,
          );
      }
      const start = Math.max(0, end - query.limit);
      const decisions = d.records
        .slice(start, end)
        .reverse()
        .map((r) => {
          const { record: _record, ...rest } = decisionView(r);
          return rest;
        });
      return {
        decisions,
        count: decisions.length,
        total: d.records.length,
        dropped: d.dropped,
        next_before: start > 0 ? (decisions[decisions.length - 1]?.id ?? null) : null,
        running: false,
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/backtests/:id/decisions/:decisionId',
    summary:
      'One decision of an AI backtest whole (as GET /api/decisions/:id): inputs, every member, fused signal, Kelly steps, risk checks, outcome, quality',
    tag: 'backtests',
    mutating: false,
    params: z.strictObject({ id: z.string().min(1).max(40), decisionId: z.string().min(1).max(80) }),
    handler: ({ params: p }) => {
      const d = decisionsOf(deps, p.id);
      const found = d.records.find((r) => r.id === p.decisionId);
      if (found === undefined)
        throw new ApiError(
          404,
          'DECISION_NOT_FOUND',
          `decision ${p.decisionId} is not among the ${d.records.length} decisions kept for backtest ${p.id}${d.dropped > 0 ? ` (${d.dropped} older ones were dropped)` : ''}`,
        );
      return decisionView(found);
    },
  });
}
