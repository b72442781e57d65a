import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { MinhosConfig } from '@minhos/config';
import { type InstrumentId, LiveClock } from '@minhos/core';
import {
  type Broker,
  DtcBroker,
  dtcClientOptionsFromConfig,
  dtcMarketDataSource,
  type InstrumentSpec,
  openStore,
  PaperBroker,
  type ReconcileReport,
  scidTailSource,
} from '@minhos/engine';
import { DtcClient, readScidInfo } from '@minhos/sierra';
import { parseSymbol } from '@minhos/symbols';
import type { MinhosServer } from '../api/createServer.js';
import { loadAccessToken } from '../auth/accessToken.js';
import type { DecisionLoop } from '../runtime/DecisionLoop.js';
import { assembleServer } from './assembleServer.js';
import { checkDeployment, type DeploymentCheck } from './deploymentCheck.js';

/** Options of {@link startDeployment}. */
export interface DeploymentOptions {
  /** The config file (YAML/JSON) of the deployment. */
  readonly configFile: string;
  /** The `.scid` file Sierra Chart writes for the traded CME contract (e.g. `C:/SierraChart/Data/ESZ25-CME.scid`). */
  readonly scidFile: string;
  /** Environment for `MINHOS_*` overrides (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Port and host of the API (default the config's `network.server`). */
  readonly port?: number;
  readonly host?: string;
  /** Working directory relative paths in the config resolve against (default `process.cwd()`). */
  readonly cwd?: string;
  /**
   * Non-CME symbols to follow over DTC for data (Sierra Chart's DTC server relays them; CME Group
   * data it does not, that comes from the `.scid` file), as Sierra names them (`VXZ25-CFE`): their
   * trades are in the market book (`/api/market/latest`, `market:<id>`) and their 1-minute bars in
   * the store. Data only: the loop trades the `.scid` contract.
   */
  readonly dtcSymbols?: readonly string[];
  /** Polling interval of the `.scid` tail, ms (default 250). */
  readonly pollIntervalMs?: number;
}

/** A running deployment. */
export interface DeploymentRuntime {
  readonly server: MinhosServer;
  readonly url: string;
  readonly token: string;
  readonly tokenCreated: boolean;
  readonly tokenPath: string;
  readonly config: MinhosConfig;
  readonly checks: readonly DeploymentCheck[];
  readonly loop: DecisionLoop;
  /** The instrument traded (from the `.scid` file's name). */
  readonly instrument: InstrumentSpec;
  /** Instrument ids of the `dtcSymbols` followed over DTC. */
  readonly dataInstruments: readonly string[];
  /** The reconciliation with the broker at start (orders, fills and positions Sierra knows of). */
  readonly reconciled: ReconcileReport;
  /** 1-minute bars the tail has delivered: history (already in the file at start) and live. */
  bars(): { readonly history: number; readonly live: number };
  /** Stops the tail, the server, the DTC connection; flushes and closes the store. */
  stop(): Promise<void>;
}

/** Why a deployment did not start: the startup check's lines, in plain words. */
export class DeploymentError extends Error {
  readonly checks: readonly DeploymentCheck[];
  constructor(checks: readonly DeploymentCheck[]) {
    super(
      `the deployment is misconfigured: ${checks
        .filter((c) => !c.ok)
        .map((c) => c.message)
        .join('; ')}`,
    );
    this.name = 'DeploymentError';
    this.checks = checks;
  }
}

/**
 * A real deployment of `minhos serve --config`: the startup check first (config valid, Sierra
 * Chart's DTC server reachable, trading allowed, data file present; a failure throws a
 * {@link DeploymentError} listing every problem in plain words), then
 * - CME data from the `.scid` file Sierra writes, followed with the engine's `scidTailSource`
 *   (records already in the file at start warm the indicators; records Sierra appends are live);
 * - orders over DTC to Sierra (`trading.broker: live`: the engine's `DtcBroker`, which makes the
 *   OMS reconcile with Sierra's orders, fills and positions on every connect and reconnect before
 *   any order is sent), or the paper broker filling on the `.scid` trades (`paper`);
 * - SQLite `storage.sqliteFile` in `storage.path` (kept across restarts), the access token and the
 *   model registry beside it;
 * - non-CME data over DTC for `dtcSymbols` (the engine's `dtcMarketDataSource`: data only);
 * - the decision loop in the config's `trading.mode` (default manual).
 *
 * @example
 * ```ts
 * const run = await startDeployment({ configFile: 'minhos.yaml', scidFile: 'C:/SierraChart/Data/ESZ25-CME.scid' });
 * console.log(run.url); // http://127.0.0.1:8888
 * ```
 */
export async function startDeployment(options: DeploymentOptions): Promise<DeploymentRuntime> {
  const cwd = options.cwd ?? process.cwd();
  const scidFile = resolve(cwd, options.scidFile);
  const { config, checks } = await checkDeployment({
    configFile: resolve(cwd, options.configFile),
    scidFiles: [scidFile],
    env: options.env ?? process.env,
  });
  if (config === undefined || checks.some((c) => !c.ok)) throw new DeploymentError(checks);

  const name = basename(scidFile).replace(/\.scid$/i, '');
  const parsed = parseSymbol(name);
  if (!parsed.ok || parsed.value.contract === undefined) {
    throw new DeploymentError([
      ...checks,
      {
        name: 'data',
        ok: false,
        message: `the data file ${scidFile} is not named after a futures contract as Sierra Chart names them (ESZ25-CME.scid): ${parsed.ok ? 'no contract month' : parsed.error.message}`,
      },
    ]);
  }
  const p = parsed.value;
  const instrument: InstrumentSpec = {
    instrumentId: p.id,
    pointValue: p.spec.pointValue,
    tickSize: p.spec.tickSize,
    currency: 'USD',
    marginPerContract: p.spec.initialMargin ?? 0,
  };
  const [symbol, exchange] = [name.split('-')[0] ?? name, p.spec.exchange];

  const dataFeeds: { id: InstrumentId; symbol: string; exchange: string }[] = [];
  for (const sym of options.dtcSymbols ?? []) {
    const r = parseSymbol(sym);
    if (!r.ok) {
      throw new DeploymentError([
        ...checks,
        { name: 'data', ok: false, message: `DTC data symbol ${sym}: ${r.error.message}` },
      ]);
    }
    dataFeeds.push({ id: r.value.id, symbol: sym.split(/[-.]/)[0] ?? sym, exchange: r.value.spec.exchange });
  }

  const dataDir = resolve(cwd, config.storage.path);
  mkdirSync(dataDir, { recursive: true });
  const access = loadAccessToken(dataDir);
  const opened = openStore(join(dataDir, config.storage.sqliteFile), { wal: config.storage.wal });
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const clock = new LiveClock();

  const client = new DtcClient(dtcClientOptionsFromConfig(config));
  const logon = await client.connect();
  if (!logon.ok) {
    store.close();
    throw new DeploymentError([
      ...checks,
      {
        name: 'dtc',
        ok: false,
        message: `logon to Sierra Chart's DTC server at ${config.network.dtc.host}:${config.network.dtc.port} failed: ${logon.error.message}`,
      },
    ]);
  }
  let broker: Broker;
  let paper: PaperBroker | undefined;
  let dtc: DtcBroker | undefined;
  if (config.trading.broker === 'live') {
    dtc = new DtcBroker({
      client,
      clock,
      instruments: [{ instrumentId: instrument.instrumentId, symbol, exchange }],
      ...(config.trading.account === undefined ? {} : { tradeAccount: config.trading.account }),
      commissionPerContract: config.trading.commissionPerContract,
    });
    broker = dtc;
  } else {
    paper = new PaperBroker({
      clock,
      instruments: [instrument],
      path: join(dataDir, 'paper-venue.sqlite'),
      commissionPerContract: config.trading.commissionPerContract,
      slippageTicks: config.trading.slippageTicks,
    });
    broker = paper;
  }

  let tradesAt = 0;
  let history = 0;
  let live = 0;
  const assembled = await assembleServer({
    config,
    dataDir,
    store,
    clock,
    broker,
    instrument,
    dataSymbols: dataFeeds.map((f) => f.id),
    token: access.token,
    banner: config.trading.broker === 'live' ? 'live: orders over DTC to Sierra Chart' : 'paper broker',
    services: () => ({
      market_data: {
        status: Date.now() - tradesAt < 120_000 ? 'running' : 'degraded',
        health: tradesAt === 0 ? 0 : 1,
        detail: `.scid tail ${scidFile}: ${history} history + ${live} live 1-minute bars`,
      },
      broker: {
        status: client.state === 'ready' ? 'running' : 'degraded',
        health: client.state === 'ready' ? 1 : 0,
        detail:
          config.trading.broker === 'live'
            ? `DTC ${config.network.dtc.host}:${config.network.dtc.port} (${client.state}), reconciled ${dtc?.reconciliations ?? 0}×`
            : 'paper broker on the .scid trades',
      },
      store: { status: 'running', health: 1, detail: join(dataDir, config.storage.sqliteFile) },
    }),
  });
  // From now on every logon to Sierra reconciles the OMS before an order can go out.
  const stopReconciling = dtc?.reconcileOnConnect(assembled.oms);

  // What the file holds at start is history; what Sierra appends afterwards is live.
  const info = await readScidInfo(scidFile);
  const historyEnd = info.lastTime ?? Number.NEGATIVE_INFINITY;
  let chain = Promise.resolve();
  const run = scidTailSource(
    {
      file: scidFile,
      instrumentId: instrument.instrumentId,
      startAt: 'beginning',
      pollIntervalMs: options.pollIntervalMs ?? 250,
    },
    {
      onTrade(id, price, volume, time) {
        tradesAt = Date.now();
        if (time <= historyEnd) return;
        const now = clock.now();
        paper?.onTrade(id, price, volume, now);
        assembled.oms.onMark(id, price, now);
        assembled.deps.market.update(id, { last: price, volume, time: now });
      },
      onBar(_id, _tf, bar) {
        const isLive = bar.time + 60_000_000 > historyEnd;
        if (isLive) live++;
        else history++;
        chain = chain.then(() => assembled.onBar(bar, isLive)).catch(() => undefined);
      },
    },
  );
  // Non-CME data over DTC: trades into the market book, 1-minute bars into the store.
  const dtcRuns: { stop(): void; done: Promise<void> }[] = [];
  for (const f of dataFeeds) {
    const r = await dtcMarketDataSource(
      { client, symbol: f.symbol, exchange: f.exchange, instrumentId: f.id },
      {
        onTrade(id, price, volume) {
          assembled.deps.market.update(id, { last: price, volume, time: clock.now() });
        },
        onBar(id, tf, bar) {
          store.putBars(id, tf, [bar]);
        },
      },
    );
    if (!r.ok) {
      run.stop();
      for (const d of dtcRuns) d.stop();
      await assembled.server.close();
      await client.close();
      store.close();
      throw new DeploymentError([
        ...checks,
        { name: 'data', ok: false, message: `DTC data for ${f.symbol} ${f.exchange}: ${r.error.message}` },
      ]);
    }
    dtcRuns.push(r.value);
  }
  const url = await assembled.server.listen(
    options.port ?? config.network.server.port,
    options.host ?? config.network.server.host,
  );
  return {
    server: assembled.server,
    url,
    token: access.token,
    tokenCreated: access.created,
    tokenPath: access.path,
    config,
    checks,
    loop: assembled.loop,
    instrument,
    dataInstruments: dataFeeds.map((f) => f.id),
    reconciled: assembled.reconciled,
    bars: () => ({ history, live }),
    async stop() {
      run.stop();
      for (const d of dtcRuns) d.stop();
      await run.done;
      await Promise.all(dtcRuns.map((d) => d.done));
      await chain;
      await assembled.trainer.idle();
      await assembled.server.close();
      stopReconciling?.();
      dtc?.stop();
      paper?.close();
      await client.close();
      store.flush();
      store.close();
    },
  };
}
