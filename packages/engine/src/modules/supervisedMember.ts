import type { MemberSignal, SignalMember } from '../pipeline/index.js';
import type { ModuleFlags } from '../runtime/index.js';
import type { ModelSupervisor } from './ModelSupervisor.js';
import type { ModuleAction } from './ModuleAction.js';

/** Options of {@link supervisedMember}. */
export interface SupervisedMemberOptions {
  readonly supervisor: ModelSupervisor;
  /** Read on every bar: `modelSupervisor` off passes the member through unscored. */
  readonly flags: ModuleFlags;
  /** Receives every action (suspension applied or observed, alerts). */
  readonly record?: (action: ModuleAction) => void;
}

/**
 * A fusion member under the {@link ModelSupervisor}: each bar the inner member's view is scored
 * (against the previous bar's call) and recorded. When the supervisor has suspended the member,
 * enforce mode returns it in state `failed` with the supervisor's reason — so the fusion weighs it
 * 0 and the decision record says why — while observe mode lets it vote and adds the finding to
 * its `details.supervisor`. A suspended member is still scored in the shadow, so it can recover.
 * The supervisor keeps one record per member and instrument, under `name@instrumentId`.
 *
 * @example
 * ```ts
 * import { ModelSupervisor, ModuleFlags, supervisedMember, traditionalTaMember } from '@minhos/engine';
 * const ta = supervisedMember(traditionalTaMember(), { supervisor: new ModelSupervisor(), flags: new ModuleFlags() });
 * ta.name; // 'traditional-ta'
 * ```
 */
export function supervisedMember(member: SignalMember, options: SupervisedMemberOptions): SignalMember {
  const { supervisor, flags } = options;
  let lastAlerts = 0;
  return {
    name: member.name,
    historyBars: member.historyBars,
    async evaluate(ctx) {
      const signal: MemberSignal = await member.evaluate(ctx);
      if (!flags.enabled('modelSupervisor')) return signal;
      // One record per member and instrument: a member's accuracy on ES says nothing of NQ.
      const key = `${member.name}@${ctx.instrumentId}`;
      const health =
        signal.state === 'active'
          ? supervisor.observe(key, ctx.now, ctx.bar.close, signal)
          : supervisor.health(key);
      const mode = flags.mode('modelSupervisor');
      const alerts = supervisor.alerts();
      for (const a of alerts.slice(lastAlerts)) {
        if (a.member !== key) continue;
        options.record?.({
          module: 'modelSupervisor',
          time: a.time,
          mode,
          applied: mode === 'enforce' && a.kind !== 'bias',
          kind:
            a.kind === 'suspended'
              ? 'weight_zero'
              : a.kind === 'recovered'
                ? 'weight_restored'
                : 'bias_alert',
          instrumentId: ctx.instrumentId,
          reason: `${key}: ${a.reason}`,
          ...(health === undefined ? {} : { detail: { health } }),
        });
      }
      lastAlerts = alerts.length;
      if (health === undefined || signal.state !== 'active') return signal;
      const summary = {
        status: health.status,
        accuracy: health.accuracy,
        bestBaseline: health.bestBaseline,
        baselineAccuracy: health.baselines[health.bestBaseline],
        logLoss: health.logLoss,
        calibrationGap: health.calibrationGap,
        bias: health.bias,
      };
      if (health.status === 'suspended' && mode === 'enforce') {
        return {
          ...signal,
          state: 'failed',
          reason: `suspended by the model supervisor: accuracy ${health.accuracy.toFixed(3)} < ${health.bestBaseline} ${health.baselines[health.bestBaseline].toFixed(3)} (${signal.reason})`,
          details: { ...signal.details, supervisor: summary },
        };
      }
      return { ...signal, details: { ...signal.details, supervisor: summary } };
    },
  };
}
