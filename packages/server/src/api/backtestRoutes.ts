import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BacktestJob, BacktestJobs } from '../runtime/BacktestJobs.js';
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
            },
          }
        : { summary: { bars: r.bars, trades: r.trades.length, return_pct: r.stats.returnPct ?? null } }),
  };
}

/** `/api/backtests`: start one on stored bars (bounded, cancellable), its progress and results, the list. */
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
      const out = jobs.start({
        symbol: body.symbol ?? (deps.market.symbols[0] as string),
        timeframe: body.timeframe,
        strategy: body.strategy,
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
}
