import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TrainerStatus } from '../runtime/ModelTrainer.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { defineRoute } from './defineRoute.js';
import { liveBaselines } from './liveBaselines.js';
import { mlBackend } from './mlBackend.js';
import { modelMemberState } from './modelMemberState.js';
import { modelVersions } from './modelVersions.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

const NO_TRAINER: TrainerStatus = {
  state: 'failed',
  model: '',
  version: null,
  progress: 0,
  stage: 'none',
  message: 'no model trainer runs in this server',
  barsSeen: 0,
  minTrainingBars: 0,
  metrics: {},
  events: [],
};

/** `/api/ml/*`: the model member's state, training progress, performance, predictions, alerts and health. */
export function mlRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const status = (): TrainerStatus => deps.ml?.status() ?? NO_TRAINER;
  const member = () => deps.loop?.analysis?.members.find((m) => m.name === 'model');

  defineRoute(app, {
    method: 'GET',
    url: '/api/ml/status',
    summary:
      'Model state, training progress (stage and 0..1), version and every version seen, the compute backend (tfjs, wasm SIMD), metrics, every event (the switch to the model)',
    tag: 'ml',
    mutating: false,
    handler: () => {
      const s = status();
      return {
        available: deps.ml !== undefined,
        state: s.state,
        model: s.model,
        version: s.version,
        versions: modelVersions(s.model, s.events, s.version),
        backend: mlBackend(),
        training: {
          stage: s.stage,
          progress: s.progress,
          bars_seen: s.barsSeen,
          min_training_bars: s.minTrainingBars,
        },
        message: s.message,
        metrics: s.metrics,
        fusion: {
          state: modelMemberState(member()?.state ?? null, deps.ml?.status().state),
          weight: deps.loop?.analysis?.fused.members.find((m) => m.name === 'model')?.effectiveWeight ?? 0,
          reason: member()?.reason ?? null,
        },
        events: s.events.map((e) => ({ time: iso(e.time), kind: e.kind, message: e.message })),
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ml/performance/current',
    summary:
      'Held-out metrics of the model, its live direction accuracy since it started voting, and the baselines (coin flip, always long, previous direction, contrarian) on the same live bars',
    tag: 'ml',
    mutating: false,
    handler: () => {
      const s = status();
      const live = liveBaselines(deps.ml?.predictions(1000) ?? []);
      return {
        model: s.model,
        version: s.version,
        holdout_accuracy: s.metrics.accuracy ?? null,
        holdout_log_loss: s.metrics.logLoss ?? null,
        live_accuracy: s.metrics.liveAccuracy ?? null,
        live_predictions: s.metrics.livePredictions ?? 0,
        deployed: s.state === 'active',
        live_scored: live.scored,
        live_baselines: live.baselines,
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ml/predictions/recent',
    summary: 'Recent predictions of the voting model, newest first, with whether the next bar agreed',
    tag: 'ml',
    mutating: false,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
    handler: ({ query }) => {
      const predictions = (deps.ml?.predictions(query.limit) ?? []).map((p) => ({
        timestamp: iso(p.time),
        probability_up: p.probabilityUp,
        direction: p.direction,
        price: p.price,
        correct: p.correct ?? null,
      }));
      return { predictions, count: predictions.length };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ml/monitoring/alerts',
    summary: 'Model alerts: failed training, not deployed, live accuracy below the risk floor',
    tag: 'ml',
    mutating: false,
    handler: () => {
      const s = status();
      const floor = deps.risk.current.minModelAccuracy;
      const alerts: { level: string; kind: string; message: string }[] = [];
      if (deps.ml === undefined) alerts.push({ level: 'info', kind: 'NO_TRAINER', message: s.message });
      if (s.state === 'failed' && deps.ml !== undefined)
        alerts.push({ level: 'critical', kind: 'TRAINING_FAILED', message: s.message });
      if (s.state === 'not_deployed')
        alerts.push({ level: 'warning', kind: 'NOT_DEPLOYED', message: s.message });
      const live = s.metrics.liveAccuracy;
      if (live !== undefined && (s.metrics.livePredictions ?? 0) >= 30 && live < floor)
        alerts.push({
          level: 'critical',
          kind: 'ACCURACY_BELOW_FLOOR',
          message: `live direction accuracy ${(live * 100).toFixed(1)} % < ${floor * 100} % (risk.minModelAccuracy)`,
        });
      return { alerts, count: alerts.length, timestamp: iso(deps.clock.now()) };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/ml/monitoring/system-health',
    summary: 'Health of the model pipeline: trainer state, member state in the fusion, process memory',
    tag: 'ml',
    mutating: false,
    handler: () => {
      const s = status();
      const mem = process.memoryUsage();
      const healthy = s.state === 'active' || s.state === 'waiting_for_data' || s.state === 'training';
      return {
        status: deps.ml === undefined ? 'unavailable' : healthy ? 'healthy' : 'degraded',
        trainer_state: s.state,
        member_state: member()?.state ?? null,
        memory: { rss_bytes: mem.rss, heap_used_bytes: mem.heapUsed },
        timestamp: iso(deps.clock.now()),
      };
    },
  });
}
