import { join } from 'node:path';
import type { MinhosConfig } from '@minhos/config';
import { type Clock, MinhosError, US_PER_SECOND } from '@minhos/core';
import { resolveKellySettings } from '@minhos/kelly';
import { type RiskLimits, resolveRiskLimits } from '@minhos/risk';
import type { DtcClientOptions } from '@minhos/sierra';
import type { PaperBrokerOptions } from '../brokers/index.js';
import type { AiModuleParams } from '../modules/index.js';
import type { StoreOptions } from '../store/index.js';
import {
  AI_MODULES,
  type ModuleFlagChange,
  ModuleFlags,
  type ModuleFlagsOptions,
  type ModuleSetting,
  moduleSettingOf,
} from './ModuleFlags.js';

// Config wiring in one place: one function per package maps the validated config onto that
// package's options, converting units on the way (config speaks seconds and the user's words;
// risk counts µs, sierra ms). configWiring.test.ts fails when a config default and the package's
// own default disagree.

/** Risk limits from `config.risk` (seconds → µs, names → the gate's). */
export function riskLimitsFromConfig(config: MinhosConfig): RiskLimits {
  const r = config.risk;
  return resolveRiskLimits({
    maxPositionContracts: r.maxPositionContracts,
    maxOpenPositions: r.maxPositions,
    maxDailyLossUsd: r.maxDailyLoss,
    maxDrawdownFraction: r.maxDrawdown,
    maxNotionalUsd: r.maxNotionalExposure,
    maxOrdersPerMinute: r.maxOrdersPerMinute,
    maxTradeRiskUsd: r.maxTradeRisk,
    requireProtectiveStop: r.requireProtectiveStop,
    maxDataAgeUs: r.staleDataSeconds * US_PER_SECOND,
    priceBandFraction: r.priceBand,
    minConfidence: r.minConfidence,
    warnFraction: r.warnRatio,
    dailyLossBreakerMultiple: r.breakerRatio,
    maxVolatilityRatio: r.volatilitySpikeRatio,
    modelAccuracy: { minAccuracy: r.minModelAccuracy },
  });
}

/** Bracket distances in points from `config.risk.stopLossPoints` / `takeProfitPoints`. */
export function bracketFromConfig(config: MinhosConfig): {
  stopLossPoints: number;
  takeProfitPoints: number;
} {
  return { stopLossPoints: config.risk.stopLossPoints, takeProfitPoints: config.risk.takeProfitPoints };
}

/**
 * Kelly settings from `config.kelly` (the same names and units; `basis` says risk vs notional
 * sizing). Returns kelly's own validation result (a combination it refuses is an error value).
 */
export function kellySettingsFromConfig(config: MinhosConfig): ReturnType<typeof resolveKellySettings> {
  const k = config.kelly;
  return resolveKellySettings({
    fraction: k.fraction,
    basis: k.basis,
    maxRiskFraction: k.maxRiskFraction,
    maxNotionalFraction: k.maxNotionalFraction,
    maxContracts: k.maxContracts,
    minWinProbability: k.minWinProbability,
    maxWinProbability: k.maxWinProbability,
    drawdownReductionStart: k.drawdownReductionStart,
    drawdownLimit: k.drawdownLimit,
    drawdownDecay: k.drawdownDecay,
    targetAnnualizedVolatility: k.targetAnnualizedVolatility,
    minTrades: k.minTrades,
  });
}

/** DTC client options from `config.network.dtc` (heartbeat seconds → ms; timeouts already ms). */
export function dtcClientOptionsFromConfig(config: MinhosConfig): DtcClientOptions {
  const d = config.network.dtc;
  return {
    host: d.host,
    port: d.port,
    heartbeatIntervalMs: d.heartbeatIntervalSeconds * 1000,
    connectTimeoutMs: d.connectTimeoutMs,
    requestTimeoutMs: d.requestTimeoutMs,
    ...(d.username === undefined ? {} : { username: d.username }),
    ...(d.password === undefined ? {} : { password: d.password }),
    ...(config.trading.account === undefined ? {} : { tradeAccount: config.trading.account }),
    backoff: {
      initialMs: d.reconnect.initialDelayMs,
      maxMs: d.reconnect.maxDelayMs,
      factor: d.reconnect.multiplier,
    },
  };
}

/** Paper-broker options from `config.trading` (commission USD per contract per fill, slippage ticks). */
export function paperBrokerOptionsFromConfig(
  config: MinhosConfig,
  base: Pick<PaperBrokerOptions, 'clock' | 'instruments'> & { readonly clock: Clock },
): PaperBrokerOptions {
  return {
    ...base,
    path: join(config.storage.path, 'paper-venue.sqlite'),
    commissionPerContract: config.trading.commissionPerContract,
    slippageTicks: config.trading.slippageTicks,
  };
}

/** Where the engine database lives and how it is opened, from `config.storage`. */
export function storeFromConfig(config: MinhosConfig): {
  readonly path: string;
  readonly options: StoreOptions;
} {
  return { path: join(config.storage.path, config.storage.sqliteFile), options: { wal: config.storage.wal } };
}

/**
 * Module flags from `config.modules.<name>.mode` (`off` / `observe` / `enforce`; the runtime's own
 * modules keep their defaults). Switch them later with `setLevel(name, level, actor, reason)`:
 * changes are recorded (and journaled as `MODULE_SWITCH` when a journal is given).
 */
export function moduleFlagsFromConfig(
  config: Pick<MinhosConfig, 'modules'>,
  options: ModuleFlagsOptions = {},
): ModuleFlags {
  const overrides: Record<string, ModuleSetting> = {};
  for (const name of AI_MODULES) overrides[name] = moduleSettingOf(config.modules[name].mode);
  return new ModuleFlags(overrides, options);
}

/**
 * Every AI module's parameters from `config.modules` (the same names; event-risk instants
 * ISO-8601 → µs since the epoch).
 * @throws `MinhosError` `CONFIG_INVALID` for an event-risk instant that is not a real date.
 */
export function moduleParamsFromConfig(config: Pick<MinhosConfig, 'modules'>): AiModuleParams {
  const m = config.modules;
  const strip = <T extends { mode: unknown }>(x: T): Omit<T, 'mode'> => {
    const { mode: _mode, ...rest } = x;
    return rest;
  };
  const eventRisk = m.orchestratorPolicy.eventRisk.map((iso, i) => {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) {
      throw new MinhosError(
        'CONFIG_INVALID',
        `config: modules.orchestratorPolicy.eventRisk[${i}] must be an ISO-8601 instant, got "${iso}"`,
      );
    }
    return ms * 1000;
  });
  return {
    modelSupervisor: strip(m.modelSupervisor),
    orchestratorPolicy: { ...strip(m.orchestratorPolicy), eventRisk },
    portfolioBalancer: strip(m.portfolioBalancer),
    positionIntelligence: strip(m.positionIntelligence),
    profitAmplification: strip(m.profitAmplification),
    smartExecution: strip(m.smartExecution),
  };
}

/**
 * Applies a reloaded config's `modules.<name>.mode` to running flags: each module whose level
 * differs is switched and the change recorded with `actor` and `reason` (a `MODULE_SWITCH` event
 * when the flags have a journal). Returns the changes made.
 */
export function applyModuleLevels(
  flags: ModuleFlags,
  config: MinhosConfig,
  actor: string,
  reason: string,
): ModuleFlagChange[] {
  const before = flags.changes().length;
  for (const name of AI_MODULES) {
    const level = config.modules[name].mode;
    if (flags.level(name) !== level) flags.setLevel(name, level, actor, reason);
  }
  return flags.changes().slice(before);
}
