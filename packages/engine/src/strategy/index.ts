// Strategies: the onBar(ctx) → intents interface, the streaming indicator book behind ctx, and the
// built-in strategies (SMA crossover, the original's traditional TA rules).

export { IndicatorBook } from './IndicatorBook.js';
export type { ExecutionContext, IntentExecutor } from './IntentExecutor.js';
export { directExecutor, pendingEntries, tradeToTarget } from './IntentExecutor.js';
export type {
  BarWindow,
  IndicatorSpec,
  IndicatorView,
  Strategy,
  StrategyContext,
  StrategyIntent,
} from './Strategy.js';
export type { SmaCrossoverStrategyOptions } from './smaCrossoverStrategy.js';
export { smaCrossoverStrategy } from './smaCrossoverStrategy.js';
export type { TaAction, TaSignal } from './traditionalTaSignal.js';
export { actionDirection, traditionalTaSignal } from './traditionalTaSignal.js';
export type { TraditionalTaStrategyOptions } from './traditionalTaStrategy.js';
export { traditionalTaStrategy } from './traditionalTaStrategy.js';
