import { actionDirection, traditionalTaSignal } from '../strategy/traditionalTaSignal.js';
import type { SignalMember } from './MemberSignal.js';

/**
 * The original's traditional TA rules ({@link traditionalTaSignal}) as a fusion member named
 * `traditional-ta`: its direction (STRONG_ or not), its confidence, and every reading in `details`.
 *
 * @example
 * ```ts
 * import { traditionalTaMember } from '@minhos/engine';
 * traditionalTaMember().historyBars; // 20
 * ```
 */
export function traditionalTaMember(window = 20): SignalMember {
  return {
    name: 'traditional-ta',
    historyBars: window,
    evaluate(ctx) {
      if (ctx.history.length < window) {
        return {
          name: 'traditional-ta',
          state: 'warming_up',
          direction: 0,
          confidence: 0,
          reason: `${ctx.history.length} of ${window} bars`,
        };
      }
      const closes = ctx.history.closes().slice(-window);
      const volumes = ctx.history.volumes().slice(-window);
      const s = traditionalTaSignal(closes, volumes);
      return {
        name: 'traditional-ta',
        state: 'active',
        direction: actionDirection(s.action),
        confidence: actionDirection(s.action) === 0 ? 0 : s.confidence,
        reason: `${s.action}: ${s.reason}`,
        details: { ...s },
      };
    },
  };
}
