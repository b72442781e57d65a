import { QUALITY_WEIGHTS, type QualityCategory, qualityLabel } from '@minhos/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DecisionLoop } from '../runtime/DecisionLoop.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();
const CATEGORIES = Object.keys(QUALITY_WEIGHTS) as QualityCategory[];

const STEPS: Readonly<Record<QualityCategory | 'overall', readonly string[]>> = {
  information_analysis: [
    'analyse more timeframes (≥ 3) and give every member a view',
    'keep volume and regime readings in the analysis',
  ],
  risk_assessment: ['size every entry with Kelly', 'set a stop and a target on every entry'],
  execution_discipline: ['execute the planned side and size', 'act within 60 s of the signal'],
  pattern_recognition: ['add pattern members (breakouts, ranges) to the fusion'],
  market_context: ['record the session, correlated markets and event risk with the decision'],
  timing_quality: ['trade liquid hours; use limit entries when slippage exceeds 0.1 %'],
  overall: ['review the weakest area first', 'switch to manual until the average is above 0.5'],
};

function loopOf(deps: ServerDeps): DecisionLoop {
  if (deps.loop === undefined)
    throw new ApiError(404, 'NO_DECISION_LOOP', 'no decision loop runs in this server');
  return deps.loop;
}

function scored(loop: DecisionLoop) {
  return loop
    .decisions()
    .filter((d) => d.quality !== undefined)
    .map((d) => ({ id: d.id, time: d.time, quality: d.quality as NonNullable<typeof d.quality> }));
}

/** `/api/decision-quality/current`, `/detailed/:id`, `/summary`: the original's six-category score of each pipeline decision. */
export function qualityRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/decision-quality/current',
    summary: 'Average quality of the last 20 decisions, per category, trends and recent scores',
    tag: 'decision-quality',
    mutating: false,
    handler: () => {
      const loop = loopOf(deps);
      const all = scored(loop);
      const s = loop.pipeline.qualitySummary();
      const distribution = { EXCELLENT: 0, GOOD: 0, ACCEPTABLE: 0, POOR: 0 };
      for (const d of all) distribution[d.quality.label] += 1;
      return {
        current_average: s?.averageOverall ?? null,
        total_evaluations: all.length,
        quality_trend: s?.trends.overall ?? 'insufficient_data',
        strongest_area: s?.strongestArea ?? null,
        weakest_area: s?.weakestArea ?? null,
        category_averages: s?.averages ?? null,
        quality_distribution: distribution,
        recent_scores: all.slice(0, 20).map((d) => ({
          decision_id: d.id,
          timestamp: iso(d.time),
          overall_score: d.quality.overall,
          label: d.quality.label,
        })),
        improving_areas: s === undefined ? [] : CATEGORIES.filter((c) => s.trends[c] === 'improving'),
        declining_areas: s === undefined ? [] : CATEGORIES.filter((c) => s.trends[c] === 'declining'),
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/decision-quality/detailed/:id',
    summary: 'One decision’s quality: each category score and why (404 when unknown)',
    tag: 'decision-quality',
    mutating: false,
    params: z.strictObject({ id: z.string().min(1).max(80) }),
    handler: ({ params }) => {
      const d = loopOf(deps).pipeline.decision(params.id);
      if (d?.quality === undefined)
        throw new ApiError(404, 'DECISION_NOT_FOUND', `decision ${params.id} is unknown`);
      return {
        decision_id: d.id,
        timestamp: iso(d.time),
        overall_score: d.quality.overall,
        label: d.quality.label,
        scores: d.quality.scores,
        weights: QUALITY_WEIGHTS,
        reasoning: d.quality.reasoning,
        decision_details: { intent: d.intent, route: d.route, outcome: d.outcome, sizing: d.sizing ?? null },
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/decision-quality/summary',
    summary: 'Quality summary with labels and prioritised recommendations',
    tag: 'decision-quality',
    mutating: false,
    handler: () => {
      const s = loopOf(deps).pipeline.qualitySummary();
      return {
        summary:
          s === undefined
            ? null
            : {
                decisions: s.count,
                average: s.averageOverall,
                label: qualityLabel(s.averageOverall),
                category_averages: s.averages,
                strongest_area: s.strongestArea,
                weakest_area: s.weakestArea,
                trends: s.trends,
              },
        quality_labels: s?.labels ?? { EXCELLENT: 0, GOOD: 0, ACCEPTABLE: 0, POOR: 0 },
        recommendations: (s?.recommendations ?? []).map((r) => ({
          priority: r.priority,
          category: r.area,
          message: r.message,
          actionable_steps: STEPS[r.area],
        })),
      };
    },
  });
}
