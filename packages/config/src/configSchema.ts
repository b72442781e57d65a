import { z } from 'zod';
import type { DeepReadonly } from './DeepReadonly.js';
import { modulesSchema } from './modulesSchema.js';

/**
 * Per-field metadata the loader reads from the schema: which values are secrets (redacted by
 * {@link redact}, never echoed in error messages) and a human phrase for what is expected when the
 * one derived from the field's constraints would be unclear.
 */
export interface ConfigFieldMeta {
  /** The value is a credential: shown only as `'[redacted]'`. */
  readonly secret?: true;
  /** Overrides the derived "expected" phrase in error messages (e.g. `'an upper-case root like "NQ"'`). */
  readonly expected?: string;
}

/**
 * The zod registry that marks config fields as secret (and carries other {@link ConfigFieldMeta}).
 * Every field registered with `secret: true` is redacted by {@link redact} and never echoed in
 * errors; tools can read it to treat those fields the same way.
 *
 * @example
 * ```ts
 * import { configFieldMeta, configSchema } from '@minhos/config';
 * const token = configSchema.shape.auth.unwrap().shape.token;
 * configFieldMeta.get(token)?.secret; // true
 * ```
 */
export const configFieldMeta: z.core.$ZodRegistry<ConfigFieldMeta> = z.registry<ConfigFieldMeta>();

function secret<T extends z.ZodType>(schema: T): T {
  configFieldMeta.add(schema, { secret: true });
  return schema;
}

function expecting<T extends z.ZodType>(schema: T, expected: string): T {
  configFieldMeta.add(schema, { expected });
  return schema;
}

const int = () => z.number().int();
const positiveInt = () => int().min(1);
const nonNegativeInt = () => int().min(0);
const positive = () => z.number().positive();
const nonNegative = () => z.number().min(0);
/** A probability-like value in [0, 1]. */
const unit = () => z.number().min(0).max(1);
/** A fraction strictly between 0 and 1. */
const openUnit = () => z.number().gt(0).lt(1);
const port = () => int().min(1).max(65535);
const host = () => z.string().min(1);
/** Timer periods: below 100 ms a misconfigured loop would spin the CPU. */
const intervalMs = () => int().min(100);

const symbolRoot = () =>
  expecting(z.string().regex(/^[A-Z0-9]{1,10}$/), 'an upper-case product root like "NQ" or "6E"');

const dtcSchema = z
  .strictObject({
    host: host().default('127.0.0.1').describe('Host of the Sierra Chart DTC server.'),
    port: port().default(11099).describe("Port of the Sierra Chart DTC server (Sierra's default is 11099)."),
    // Only JSON is implemented; an enum (not a literal) so binary encodings can be added without a
    // breaking change to the config shape.
    encoding: z.enum(['json']).default('json').describe('DTC message encoding.'),
    heartbeatIntervalSeconds: positiveInt()
      .max(3600)
      .default(10)
      .describe('Heartbeat interval requested at logon, in seconds (DTC counts in seconds).'),
    connectTimeoutMs: positiveInt().default(10000).describe('TCP connect + logon timeout, in milliseconds.'),
    requestTimeoutMs: positiveInt()
      .default(10000)
      .describe('Timeout of one request (e.g. historical data), in milliseconds.'),
    username: z.string().min(1).optional().describe('DTC logon user name, if the server requires one.'),
    // secret() wraps last: describe() returns a new schema instance, which would not be registered.
    password: secret(z.string().min(1).optional().describe('DTC logon password (secret).')),
    reconnect: z
      .strictObject({
        initialDelayMs: positiveInt().default(250).describe('First reconnect delay, in milliseconds.'),
        maxDelayMs: positiveInt().default(30000).describe('Reconnect delay ceiling, in milliseconds.'),
        multiplier: z.number().min(1).default(2).describe('Delay growth factor per failed attempt.'),
      })
      .superRefine((value, ctx) => {
        if (value.initialDelayMs > value.maxDelayMs) {
          ctx.addIssue({
            code: 'custom',
            path: ['initialDelayMs'],
            message: 'at most network.dtc.reconnect.maxDelayMs',
            params: { other: 'network.dtc.reconnect.maxDelayMs' },
          });
        }
      })
      .prefault({})
      .describe(
        'Exponential backoff between reconnect attempts (with equal jitter: each delay is drawn from [ceiling/2, ceiling)).',
      ),
  })
  .prefault({})
  .describe('Connection to Sierra Chart over DTC.');

const serverSchema = z
  .strictObject({
    host: host()
      .default('127.0.0.1')
      .describe('Interface the API server binds to; loopback by default so nothing is exposed.'),
    port: port().default(8888).describe('Port of the API server and dashboard.'),
    corsOrigins: z
      .array(z.string().min(1))
      .default([])
      .describe('Origins allowed by CORS; empty = CORS closed.'),
    rateLimitPerMinute: positiveInt().default(120).describe('Requests per minute allowed per client.'),
  })
  .prefault({})
  .describe('The reference API server.');

const networkSchema = z
  .strictObject({ dtc: dtcSchema, server: serverSchema })
  .prefault({})
  .describe('Network endpoints and timeouts.');

const tradingSchema = z
  .strictObject({
    mode: z
      .enum(['manual', 'semi_auto', 'full_auto'])
      .default('manual')
      .describe(
        'manual: signals only; semi_auto: signals above the threshold wait for approval; full_auto: orders at or above the threshold.',
      ),
    autonomousThreshold: unit()
      .default(0.75)
      .describe('Minimum signal confidence (0..1) for semi_auto/full_auto to act.'),
    approvalTimeoutSeconds: positiveInt()
      .default(60)
      .describe('How long a semi_auto order waits for approval before it expires, in seconds.'),
    emergencyStop: z.boolean().default(false).describe('Start with the emergency stop engaged.'),
    broker: z
      .enum(['paper', 'live'])
      .default('paper')
      .describe('paper: simulated fills; live: orders over DTC.'),
    account: z.string().min(1).optional().describe('Trade account for live orders.'),
    commissionPerContract: nonNegative()
      .default(2.5)
      .describe('Commission in USD per contract per fill (each side).'),
    slippageTicks: nonNegativeInt().default(1).describe('Paper-broker slippage per fill, in ticks.'),
  })
  .prefault({})
  .describe('Trading mode and execution.');

const riskSchema = z
  .strictObject({
    capital: positive()
      .default(100000)
      .describe('Account capital in USD used when the broker does not report equity.'),
    maxPositionContracts: positiveInt()
      .default(5)
      .describe(
        'Largest worst-case position in one instrument, in full-size contract equivalents (1 MES = 0.1 ES).',
      ),
    maxPositions: positiveInt().default(3).describe('Most instruments with an open position at once.'),
    maxDailyLoss: positive().default(1000).describe('Daily loss limit in USD (realized + unrealized).'),
    maxDrawdown: openUnit()
      .default(0.1)
      .describe('Drawdown limit as a fraction of peak equity (0.10 = 10%).'),
    maxNotionalExposure: positive()
      .default(2000000)
      .describe(
        'Worst-case gross notional of positions and working orders in USD (price × point value × contracts).',
      ),
    maxOrdersPerMinute: positiveInt().default(10).describe('Order submissions allowed per rolling minute.'),
    requireProtectiveStop: z
      .boolean()
      .default(false)
      .describe('Deny orders that open or add risk without a protective stop (their loss is unknown).'),
    maxTradeRisk: positive()
      .default(500)
      .describe(
        'Largest loss of one order at its protective stop, in USD (stop distance × point value × contracts + costs).',
      ),
    stopLossPoints: positive().default(10).describe('Default stop distance, in price points.'),
    takeProfitPoints: positive().default(20).describe('Default target distance, in price points.'),
    staleDataSeconds: positive().default(60).describe('Market data older than this (seconds) denies orders.'),
    priceBand: openUnit()
      .default(0.02)
      .describe(
        'Fat-finger band: limit or stop prices further than this fraction from the last price are denied.',
      ),
    minConfidence: unit().default(0.6).describe('Signals below this confidence (0..1) are not traded.'),
    warnRatio: openUnit()
      .default(0.8)
      .describe('Warn when a loss/drawdown reaches this fraction of its limit.'),
    breakerRatio: z
      .number()
      .min(1)
      .default(1.2)
      .describe('Trip the circuit breaker when a loss reaches this multiple of its limit.'),
    volatilitySpikeRatio: z
      .number()
      .gt(1)
      .default(3)
      .describe('Trip the breaker when short-term volatility exceeds this multiple of its baseline.'),
    minModelAccuracy: unit()
      .default(0.45)
      .describe('Trip the breaker when rolling model direction accuracy falls below this.'),
  })
  .prefault({})
  .describe('Pre-trade limits and circuit breakers.');

const kellySchema = z
  .strictObject({
    fraction: z
      .number()
      .gt(0)
      .max(1)
      .default(0.25)
      .describe('Fractional Kelly multiplier (0.25 = quarter Kelly).'),
    basis: z
      .enum(['risk', 'notional'])
      .default('risk')
      .describe(
        'risk: the fraction is of equity lost at the stop; notional: the fraction is of equity held as notional.',
      ),
    maxRiskFraction: z
      .number()
      .gt(0)
      .max(1)
      .default(0.01)
      .describe('Basis risk: most of equity one trade may lose at its stop (0.01 = 1%).'),
    maxNotionalFraction: z
      .number()
      .gt(0)
      .max(1)
      .default(0.05)
      .describe('Basis notional: most of equity one position may hold as notional (0.05 = 5%).'),
    maxContracts: nonNegativeInt().default(5).describe('Most contracts the sizer returns for one position.'),
    minWinProbability: openUnit().default(0.1).describe('Lower clamp of the model win probability.'),
    maxWinProbability: openUnit().default(0.9).describe('Upper clamp of the model win probability.'),
    drawdownReductionStart: z
      .number()
      .min(0)
      .lt(1)
      .default(0.05)
      .describe('Drawdown (fraction of peak) at which sizes start to shrink (half the risk limit).'),
    drawdownLimit: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe('Drawdown at which sizes reach 0 (the risk maxDrawdown).'),
    drawdownDecay: z
      .number()
      .min(0)
      .max(50)
      .default(1)
      .describe(
        'Rate of the exponential size reduction between drawdownReductionStart and drawdownLimit (0 = linear).',
      ),
    targetAnnualizedVolatility: positive()
      .default(0.2)
      .describe('Annualised volatility target for volatility scaling (0.2 = 20% a year).'),
    minTrades: positiveInt()
      .default(30)
      .describe('Trades of history needed before win/loss statistics replace the priors.'),
  })
  .superRefine((value, ctx) => {
    if (value.minWinProbability >= value.maxWinProbability) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxWinProbability'],
        message: 'greater than kelly.minWinProbability',
        params: { other: 'kelly.minWinProbability' },
      });
    }
    if (value.drawdownReductionStart >= value.drawdownLimit) {
      ctx.addIssue({
        code: 'custom',
        path: ['drawdownLimit'],
        message: 'greater than kelly.drawdownReductionStart',
        params: { other: 'kelly.drawdownReductionStart' },
      });
    }
  })
  .prefault({})
  .describe('Kelly position sizing.');

const modelsSchema = z
  .strictObject({
    sequenceLength: positiveInt().default(20).describe('Bars per LSTM input window.'),
    features: positiveInt().default(8).describe('Features per bar fed to the LSTM.'),
    lstmUnits: positiveInt().default(200).describe('Units of the first LSTM layer.'),
    attentionHeads: positiveInt().default(4).describe('Heads of the attention layer.'),
    attentionKeyDim: positiveInt().default(50).describe('Key dimension per attention head.'),
    retrainIntervalHours: positive().default(24).describe('Retrain models this often, in hours.'),
    minTrainingBars: positiveInt().default(1000).describe('Fewest bars a model is trained on.'),
    deployMinAccuracy: unit()
      .default(0.52)
      .describe('Walk-forward direction accuracy a model needs before it gets a fusion weight.'),
    backend: z
      .enum(['auto', 'tensorflow', 'wasm', 'cpu'])
      .default('auto')
      .describe('TensorFlow.js backend preference; auto picks the fastest available.'),
    registryPath: z
      .string()
      .min(1)
      .default('./.minhos/models')
      .describe('Directory of the model registry (relative paths resolve against the working directory).'),
  })
  .prefault({})
  .describe('Machine-learning models.');

const symbolsSchema = z
  .strictObject({
    enabled: z.array(symbolRoot()).min(1).default(['NQ', 'ES']).describe('Product roots to trade and watch.'),
    primary: symbolRoot().default('NQ').describe('The primary product root; must be enabled.'),
    rollOffsetDays: nonNegativeInt()
      .max(60)
      .default(8)
      .describe('Roll to the next contract this many calendar days before expiry.'),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.enabled.forEach((root, index) => {
      if (seen.has(root)) {
        ctx.addIssue({ code: 'custom', path: ['enabled', index], message: `a root not already listed` });
      }
      seen.add(root);
    });
    if (!seen.has(value.primary)) {
      ctx.addIssue({
        code: 'custom',
        path: ['primary'],
        message: 'one of symbols.enabled',
        params: { other: 'symbols.enabled' },
      });
    }
  })
  .prefault({})
  .describe('Products traded.');

const intervalsSchema = z
  .strictObject({
    serviceStatusMs: intervalMs().default(10000).describe('Service status refresh, in milliseconds.'),
    criticalSystemsMs: intervalMs().default(5000).describe('Critical systems check, in milliseconds.'),
    aiMs: intervalMs().default(2000).describe('AI transparency refresh, in milliseconds.'),
    decisionQualityMs: intervalMs().default(3000).describe('Decision quality refresh, in milliseconds.'),
    wsStateMs: intervalMs().default(1000).describe('WebSocket state broadcast, in milliseconds.'),
  })
  .prefault({})
  .describe('Update intervals of the server loops and streams.');

const storageSchema = z
  .strictObject({
    path: z.string().min(1).default('./.minhos').describe('Directory for the database, backups and caches.'),
    sqliteFile: expecting(z.string().regex(/^[^/\\]+$/), 'a file name without a directory')
      .default('minhos.sqlite')
      .describe('SQLite database file name inside storage.path.'),
    wal: z.boolean().default(true).describe('Use SQLite write-ahead logging (crash-safe, concurrent reads).'),
  })
  .prefault({})
  .describe('Local persistence.');

const authSchema = z
  .strictObject({
    token: secret(
      z
        .string()
        .min(16)
        .optional()
        .describe('Bearer token for mutating endpoints and WebSockets (secret, at least 16 characters).'),
    ),
    requireTokenForMutations: z
      .boolean()
      .default(true)
      .describe('Reject mutating requests that lack the token.'),
  })
  .prefault({})
  .describe('API authentication.');

const loggingSchema = z
  .strictObject({
    level: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
      .default('info')
      .describe('Minimum level written.'),
  })
  .prefault({})
  .describe('Logging.');

/**
 * The one MinhOS configuration schema (zod 4). Every object is strict: unknown keys are errors.
 * Every field has a default, so `configSchema.parse({})` is the built-in configuration.
 *
 * Use {@link loadConfig} rather than parsing directly: it layers defaults, file, environment and
 * overrides and reports each problem with its source.
 *
 * @example
 * ```ts
 * import { configSchema } from '@minhos/config';
 * const config = configSchema.parse({ risk: { maxDailyLoss: 500 } });
 * config.risk.maxPositionContracts; // 5
 * ```
 */
export const configSchema = z
  .strictObject({
    network: networkSchema,
    trading: tradingSchema,
    risk: riskSchema,
    kelly: kellySchema,
    models: modelsSchema,
    modules: modulesSchema,
    symbols: symbolsSchema,
    intervals: intervalsSchema,
    storage: storageSchema,
    auth: authSchema,
    logging: loggingSchema,
  })
  .describe('MinhOS configuration.');

/** The validated, deeply frozen MinhOS configuration returned by {@link loadConfig}. */
export type MinhosConfig = DeepReadonly<z.output<typeof configSchema>>;
/** What a config file or `overrides` may contain: every field optional, defaults fill the rest. */
export type MinhosConfigInput = z.input<typeof configSchema>;
/** `network` section: DTC connection and API server. */
export type NetworkConfig = MinhosConfig['network'];
/** `network.dtc` section. */
export type DtcConfig = NetworkConfig['dtc'];
/** `network.server` section. */
export type ServerConfig = NetworkConfig['server'];
/** `trading` section. */
export type TradingConfig = MinhosConfig['trading'];
/** Trading autonomy mode. */
export type TradingMode = TradingConfig['mode'];
/** `risk` section (USD amounts, contract counts, fractions). */
export type RiskConfig = MinhosConfig['risk'];
/** `kelly` section. */
export type KellyConfig = MinhosConfig['kelly'];
/** `models` section. */
export type ModelsConfig = MinhosConfig['models'];
/** `modules` section: each AI module's mode (`off` / `observe` / `enforce`) and parameters. */
export type ModulesConfig = MinhosConfig['modules'];
/** One module's mode. */
export type ModuleLevel = ModulesConfig['modelSupervisor']['mode'];
/** `symbols` section. */
export type SymbolsConfig = MinhosConfig['symbols'];
/** `intervals` section (milliseconds). */
export type IntervalsConfig = MinhosConfig['intervals'];
/** `storage` section. */
export type StorageConfig = MinhosConfig['storage'];
/** `auth` section. */
export type AuthConfig = MinhosConfig['auth'];
/** `logging` section. */
export type LoggingConfig = MinhosConfig['logging'];
