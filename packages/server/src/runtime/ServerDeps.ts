import type { Clock } from '@minhos/core';
import type { EngineStore, OrderManager } from '@minhos/engine';
import type { MarketBook } from './MarketBook.js';
import type { RiskSettings } from './RiskSettings.js';
import type { TradingControl } from './TradingControl.js';

/** Health of one running service, as `/api/services/status` reports it. */
export interface ServiceHealth {
  readonly status: 'running' | 'stopped' | 'degraded';
  /** 0..1 */
  readonly health: number;
  readonly detail?: string;
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
  /** Software version reported by `/api/health`. */
  readonly version?: string;
}
