import type { Clock } from '@minhos/core';
import type { AiModules, EngineStore, ModuleFlags, OrderManager } from '@minhos/engine';
import type { BacktestJobs } from './BacktestJobs.js';
import type { ConfigSettings } from './ConfigSettings.js';
import type { DecisionLoop } from './DecisionLoop.js';
import type { MarketBook } from './MarketBook.js';
import type { ModelTrainer } from './ModelTrainer.js';
import type { RiskSettings } from './RiskSettings.js';
import type { TradingControl } from './TradingControl.js';

/** Health of one running service, as `/api/services/status` reports it. */
export interface ServiceHealth {
  readonly status: 'running' | 'stopped' | 'degraded';
  /** 0..1 */
  readonly health: number;
  readonly detail?: string;
}

/** One decision of the engine's decision loop, as the API and the `decisions` topic show it. */
export interface DecisionRecord {
  readonly id: string;
  /** ISO time of the bar close it was made at. */
  readonly timestamp: string;
  readonly symbol: string;
  readonly strategy: string;
  /** Target net position in contracts. */
  readonly target: number;
  readonly confidence: number;
  readonly reason: string;
  readonly mode: string;
  /**
   * `executed` (orders sent), `held` (signal only: mode, threshold or an emergency level),
   * `pending_approval` (semi_auto), `denied` (risk gate or invalid), `none` (nothing to do: already
   * at target or Kelly sized 0).
   */
  readonly action: 'executed' | 'held' | 'denied' | 'none' | 'pending_approval';
  /** The mode's route (`execute`, `await_approval`, `signal_only`, `blocked`), for pipeline decisions. */
  readonly route?: string;
  /** The outcome status of a pipeline decision (`submitted`, `denied`, `zero_size` …). */
  readonly outcome?: string;
  /** Why, in words, when the decision did not trade. */
  readonly why?: string;
  /** The decision pipeline's overall quality score (0..1). */
  readonly quality_score?: number;
  /** The whole engine record (inputs, members, fused signal, Kelly steps, risk checks, outcome, quality). */
  readonly record?: unknown;
  /** Client ids of the orders sent, with their outcome. */
  readonly orders: readonly {
    readonly order_id: string;
    readonly status: string;
    readonly side?: string;
    readonly quantity?: number;
    readonly reasons?: readonly string[];
  }[];
}

/** The live engine parts the API reads and drives. Nothing in the API is computed elsewhere. */
export interface ServerDeps {
  readonly oms: OrderManager;
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly market: MarketBook;
  readonly control: TradingControl;
  readonly risk: RiskSettings;
  /** The access token mutating requests must carry (see `loadAccessToken`). */
  readonly token: string;
  /** A banner shown by the API and dashboard, e.g. `simulated feed / paper`. */
  readonly banner?: string;
  /** The running services and their health (market feed, broker, store …). */
  readonly services?: () => Readonly<Record<string, ServiceHealth>>;
  /** The running configuration (absent: the config endpoints answer 404). */
  readonly config?: ConfigSettings;
  /** The engine's module flags, the same object the OMS reads (absent: the modules endpoints answer 404). */
  readonly modules?: ModuleFlags;
  /** The running AI modules (their actions; absent: `/api/modules` lists flags without actions). */
  readonly aiModules?: AiModules;
  /** Recent decisions of the engine's decision loop, newest first (absent: no loop runs). */
  readonly decisions?: () => readonly DecisionRecord[];
  /** The decision loop on the engine's decision pipeline and trading modes (absent: the AI, decision-quality and approval endpoints answer 404). */
  readonly loop?: DecisionLoop;
  /** The background model trainer (absent: `/api/ml/*` report that no trainer runs). */
  readonly ml?: ModelTrainer;
  /** Backtest jobs on stored data (absent: `/api/backtests` answers 404). */
  readonly backtests?: BacktestJobs;
  /** Software version reported by `/api/health`. */
  readonly version?: string;
}
