// How AiModules turns an intent into orders (smart execution, reduce-only exits, adds that lock
// the stop). Internal to the modules folder: not exported from its index.
import {
  type InstrumentId,
  isWorkingStatus,
  type Order,
  type Side,
  type TimerClock,
  type TimestampUs,
} from '@minhos/core';
import type { InstrumentSpec, OrderManager, SubmitOutcome } from '../oms/index.js';
import type { HookExecution, ModuleIntent } from '../pipeline/index.js';
import { moduleIntentOf } from '../pipeline/index.js';
import type { AiModuleName } from '../runtime/index.js';
import { type ExecutionContext, pendingEntries, tradeToTarget } from '../strategy/IntentExecutor.js';
import type { StrategyIntent } from '../strategy/Strategy.js';
import type { AiModuleParams } from './AiModuleParams.js';
import type { ModuleAction } from './ModuleAction.js';
import { planExecution } from './smartExecution.js';

/** What the execution functions need from {@link AiModules}. */
export interface ExecutionHost {
  readonly params: AiModuleParams;
  mode(name: AiModuleName): 'observe' | 'enforce' | undefined;
  spec(id: string): InstrumentSpec | undefined;
  lastClose(id: string): number | undefined;
  record(action: ModuleAction): ModuleAction;
  /** Keeps an order's decision price for its implementation shortfall. */
  remember(clientOrderId: string, decisionPrice: number, pointValue: number): void;
}

function isTimerClock(c: unknown): c is TimerClock {
  return typeof (c as { scheduleAfter?: unknown }).scheduleAfter === 'function';
}

/** One module action (observe: `applied` false unless said otherwise). */

export function moduleAction(
  module: AiModuleName,
  mode: 'observe' | 'enforce',
  time: TimestampUs,
  kind: string,
  reason: string,
  instrumentId: string,
  detail?: Readonly<Record<string, unknown>>,
  applied = mode === 'enforce',
): ModuleAction {
  return {
    module,
    time,
    mode,
    applied,
    kind,
    instrumentId,
    reason,
    ...(detail === undefined ? {} : { detail }),
  };
}

/** The instrument's working protective stop or profit target. */
export function protectiveLeg(oms: OrderManager, id: string, type: 'STOP' | 'LIMIT'): Order | undefined {
  const role = type === 'STOP' ? 'STOP_LOSS' : 'TAKE_PROFIT';
  for (const o of oms.workingOrders()) {
    if (o.instrumentId === id && oms.record(o.clientOrderId)?.role === role) return o;
  }
  return undefined;
}

/**
 * Executes a sized intent: risk-reducing intents as reduce-only market orders (flattening cancels
 * the instrument's working orders first); entries by smart execution's plan in enforce mode
 * (marketable limits chased or cancelled on the clock's timers, children split), by `tradeToTarget`
 * otherwise. Every order goes through `OrderManager.submit` and its gate.
 */
export async function executeIntent(
  host: ExecutionHost,
  intent: StrategyIntent,
  ctx: ExecutionContext,
  id: string,
): Promise<HookExecution> {
  const oms = ctx.oms;
  const iid = intent.instrumentId;
  const spec = host.spec(iid);
  const decisionPrice = ctx.strategy.bar.close;
  const remember = (outcomes: readonly SubmitOutcome[]): void => {
    for (const o of outcomes) {
      if (o.status === 'invalid') continue;
      host.remember(o.order.clientOrderId, decisionPrice, spec?.pointValue ?? 1);
    }
  };
  const actions: ModuleAction[] = [];
  const mi = moduleIntentOf(intent);
  const now = ctx.clock.now();
  const se = host.mode('smartExecution');
  const held = oms.position(iid).quantity + pendingEntries(oms, iid);
  const position = oms.position(iid).quantity;
  const reducing =
    intent.target === 0 ||
    (Math.sign(intent.target) === Math.sign(held) && Math.abs(intent.target) < Math.abs(held));
  const outcomes: SubmitOutcome[] = [];
  const submit = async (o: Parameters<OrderManager['submit']>[0]): Promise<SubmitOutcome> => {
    const r = await oms.submit(o);
    outcomes.push(r);
    return r;
  };
  if (reducing || mi?.kind === 'exit' || mi?.kind === 'reduce') {
    // Risk-reducing: reduce-only market orders, cancelling the instrument's working orders when flattening.
    if (intent.target === 0)
      for (const o of oms.workingOrders())
        if (o.instrumentId === iid) await oms.cancel(o.clientOrderId, intent.reason.slice(0, 64));
    // A partial reduction: the OMS's reduce-only check counts every working order on the closing
    // side, both legs of the bracket's OCO pair included. So the profit target is cancelled and the
    // protective stop shrunk to the size that stays before the reduction goes out.
    if (intent.target !== 0) {
      const keep = Math.abs(intent.target);
      for (const o of oms.workingOrders()) {
        const role = oms.record(o.clientOrderId)?.role;
        if (o.instrumentId !== iid) continue;
        if (role === 'TAKE_PROFIT') await oms.cancel(o.clientOrderId, intent.reason.slice(0, 64));
        else if (role === 'STOP_LOSS' && o.quantity - o.filledQuantity > keep)
          await oms.replace(o.clientOrderId, { quantity: o.filledQuantity + keep });
      }
    }
    const delta = intent.target - (intent.target === 0 ? position : held);
    if (delta !== 0) {
      await submit({
        clientOrderId: ctx.nextClientOrderId(id),
        instrumentId: iid,
        side: delta > 0 ? 'BUY' : 'SELL',
        type: 'MARKET',
        quantity: Math.abs(delta),
        reduceOnly: true,
        confidence: intent.confidence,
        tag: intent.reason.slice(0, 64),
      });
    }
    remember(outcomes);
    return { outcomes, actions };
  }
  if (se === undefined || spec === undefined) {
    const out = await tradeToTarget(intent, ctx, id);
    remember(out);
    await lockAfterAdd(host, mi, oms, iid, out, actions, now);
    return { outcomes: out, actions };
  }
  const reverses = held !== 0 && Math.sign(intent.target) !== Math.sign(held);
  const entry = reverses ? intent.target : intent.target - held;
  const side: Side = entry > 0 ? 'BUY' : 'SELL';
  const plan = planExecution(
    {
      side,
      quantity: Math.abs(entry),
      decisionPrice,
      lastPrice: host.lastClose(iid) ?? decisionPrice,
      tickSize: spec.tickSize,
      reduceOnly: false,
    },
    host.params.smartExecution,
  );
  actions.push(
    host.record(
      moduleAction(
        'smartExecution',
        se,
        now,
        plan.send ? 'plan' : 'skip_slippage',
        plan.reason,
        iid,
        { plan },
        se === 'enforce',
      ),
    ),
  );
  if (se === 'observe') {
    const out = await tradeToTarget(intent, ctx, id);
    remember(out);
    await lockAfterAdd(host, mi, oms, iid, out, actions, now);
    return { outcomes: out, actions };
  }
  if (!plan.send) return { outcomes, actions };
  if (reverses) {
    for (const o of oms.workingOrders())
      if (o.instrumentId === iid) await oms.cancel(o.clientOrderId, 'reversing');
    if (position !== 0) {
      await submit({
        clientOrderId: ctx.nextClientOrderId(id),
        instrumentId: iid,
        side: position > 0 ? 'SELL' : 'BUY',
        type: 'MARKET',
        quantity: Math.abs(position),
        reduceOnly: true,
        confidence: intent.confidence,
        tag: intent.reason.slice(0, 64),
      });
    }
  }
  for (const c of plan.children) {
    const r = await submit({
      clientOrderId: ctx.nextClientOrderId(id),
      instrumentId: iid,
      side,
      type: c.type,
      quantity: c.quantity,
      ...(c.limitPrice === undefined ? {} : { limitPrice: c.limitPrice }),
      confidence: intent.confidence,
      tag: intent.reason.slice(0, 64),
      ...(intent.bracket === undefined ? {} : { bracket: intent.bracket }),
    });
    if (c.type === 'LIMIT' && r.status === 'submitted')
      armChase(host, oms, ctx, r.order.clientOrderId, side, spec.tickSize, 0);
  }
  remember(outcomes);
  await lockAfterAdd(host, mi, oms, iid, outcomes, actions, now);
  return { outcomes, actions };
}

/** After a sent add, the whole position's stop moves to lock the gain (enforce only). */
async function lockAfterAdd(
  host: ExecutionHost,
  mi: ModuleIntent | undefined,
  oms: OrderManager,
  iid: InstrumentId,
  outcomes: readonly SubmitOutcome[],
  actions: ModuleAction[],
  now: TimestampUs,
): Promise<void> {
  if (mi?.kind !== 'add' || mi.lockStop === undefined || !outcomes.some((o) => o.status === 'submitted'))
    return;
  const leg = protectiveLeg(oms, iid, 'STOP');
  if (leg === undefined) return;
  const side = Math.sign(oms.position(iid).quantity);
  if (leg.stopPrice !== undefined && side * (mi.lockStop - leg.stopPrice) <= 0) return;
  const r = await oms.replace(leg.clientOrderId, { stopPrice: mi.lockStop });
  actions.push(
    host.record(
      moduleAction(
        'profitAmplification',
        'enforce',
        now,
        'lock_stop',
        `stop ${leg.stopPrice} → ${mi.lockStop} after the add`,
        iid,
        { stopPrice: mi.lockStop },
        r.ok,
      ),
    ),
  );
}

/** Chase or cancel an unfilled entry limit after `chaseSeconds` on the clock's timers. */
function armChase(
  host: ExecutionHost,
  oms: OrderManager,
  ctx: ExecutionContext,
  clientOrderId: string,
  side: Side,
  tick: number,
  chases: number,
): void {
  const clock = ctx.clock;
  if (!isTimerClock(clock)) return;
  const p = host.params.smartExecution;
  clock.scheduleAfter(p.chaseSeconds * 1_000_000, (now) => {
    void (async () => {
      const o = oms.order(clientOrderId);
      if (o === undefined || !isWorkingStatus(o.status)) return;
      const iid = o.instrumentId;
      if (p.chaseAction === 'chase' && chases < p.maxChases) {
        const last = host.lastClose(iid) ?? o.limitPrice ?? 0;
        const limitPrice = last + (side === 'BUY' ? 1 : -1) * p.limitOffsetTicks * tick;
        const r = await oms.replace(clientOrderId, { limitPrice });
        host.record(
          moduleAction(
            'smartExecution',
            'enforce',
            now,
            'chase',
            `unfilled after ${p.chaseSeconds} s: limit → ${limitPrice}`,
            iid,
            { clientOrderId, chase: chases + 1 },
            r.ok,
          ),
        );
        if (r.ok) armChase(host, oms, ctx, clientOrderId, side, tick, chases + 1);
        return;
      }
      const r = await oms.cancel(clientOrderId, `unfilled after ${p.chaseSeconds} s`);
      host.record(
        moduleAction(
          'smartExecution',
          'enforce',
          now,
          'cancel',
          `unfilled after ${p.chaseSeconds} s${chases > 0 ? ` and ${chases} chases` : ''}: cancelled`,
          iid,
          { clientOrderId },
          r.ok,
        ),
      );
    })();
  });
}
