import { resolve } from 'node:path';
import { defaultConfig } from '@minhos/config';
import type { CliCommand, CliIo } from '../cli.js';
import { findBundledEsBars } from '../serve/loadEsBars.js';
import { DeploymentError, type DeploymentRuntime, startDeployment } from '../serve/startDeployment.js';
import { type EmbeddedRuntime, startEmbedded } from '../serve/startEmbedded.js';
import { EXIT_CODES } from './exitCodes.js';
import { parseDtcSymbols } from './parseDtcSymbols.js';

const USAGE = `minhos serve [--port 8888] [--host 127.0.0.1] [--data ./.minhos] [--speed 60] [--bars FILE] [--strategy sma|ta]
       minhos serve --config minhos.yaml --scid C:/SierraChart/Data/ESZ25-CME.scid [--port N] [--host H]
                    [--dtc-symbols VXZ25-CFE,6EZ25-CME]
         a real deployment: startup check in plain words (exit 1 when misconfigured), CME data from the
         .scid tail, orders over DTC to Sierra Chart (or paper, per the config), SQLite in storage.path;
         --dtc-symbols: non-CME symbols (comma-separated, as Sierra names them) followed over DTC for
         data only (Sierra's DTC server does not relay CME Group data; that comes from the .scid file)

With no --config: the embedded default — real ES 1-minute bars replayed through a .scid file at
--speed x real time (60 = one bar per second), the paper broker, full_auto, SQLite in --data.
Ctrl-C stops cleanly (exit code 0).`;

interface ServeArgs {
  port: number;
  host: string;
  data: string;
  speed: number;
  bars: string | undefined;
  config: string | undefined;
  strategy: 'sma' | 'ta';
  scid: string[];
  dtcSymbols: readonly string[] | undefined;
  portGiven: boolean;
  hostGiven: boolean;
}

function parseArgs(args: readonly string[], io: CliIo): ServeArgs | string {
  const out: ServeArgs = {
    port: defaultConfig.network.server.port,
    host: defaultConfig.network.server.host,
    data: resolve(io.cwd, '.minhos'),
    speed: 60,
    bars: undefined,
    config: undefined,
    strategy: 'sma',
    scid: [],
    dtcSymbols: undefined,
    portGiven: false,
    hostGiven: false,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
    i++;
    switch (flag) {
      case '--port': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 65535) return `--port must be 0..65535, got ${value}`;
        out.port = n;
        out.portGiven = true;
        break;
      }
      case '--host':
        out.host = value;
        out.hostGiven = true;
        break;
      case '--data':
        out.data = resolve(io.cwd, value);
        break;
      case '--speed': {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 1 || n > 100_000) return `--speed must be 1..100000, got ${value}`;
        out.speed = n;
        break;
      }
      case '--bars':
        out.bars = resolve(io.cwd, value);
        break;
      case '--strategy':
        if (value !== 'sma' && value !== 'ta') return `--strategy must be sma or ta, got ${value}`;
        out.strategy = value;
        break;
      case '--scid':
        out.scid.push(resolve(io.cwd, value));
        break;
      case '--config':
        out.config = resolve(io.cwd, value);
        break;
      case '--dtc-symbols': {
        const symbols = parseDtcSymbols(value);
        if (typeof symbols === 'string') return symbols;
        out.dtcSymbols = symbols;
        break;
      }
      default:
        return `unknown option ${flag}`;
    }
  }
  return out;
}

/** Resolves when the process gets SIGINT or SIGTERM (listeners removed afterwards). */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** `minhos serve`: the API server on the embedded default; stops cleanly on Ctrl-C. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the API server (embedded default: simulated ES feed + paper broker)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, io);
    if (typeof parsed === 'string') {
      io.err(`minhos serve: ${parsed}\n\nUsage: ${USAGE}`);
      return 2;
    }
    if (parsed.config === undefined && parsed.dtcSymbols !== undefined) {
      io.err(
        `minhos serve: --dtc-symbols is for a real deployment (--config): the embedded default has no DTC server\n\nUsage: ${USAGE}`,
      );
      return EXIT_CODES.usage;
    }
    if (parsed.config !== undefined) {
      if (parsed.scid.length !== 1) {
        io.err(
          `minhos serve: --config needs exactly one --scid FILE, the .scid file Sierra Chart writes for the traded contract (e.g. C:/SierraChart/Data/ESZ25-CME.scid); got ${parsed.scid.length}\n\nUsage: ${USAGE}`,
        );
        return EXIT_CODES.usage;
      }
      let run: DeploymentRuntime;
      try {
        run = await startDeployment({
          configFile: parsed.config,
          scidFile: parsed.scid[0] as string,
          env: io.env,
          cwd: io.cwd,
          ...(parsed.portGiven ? { port: parsed.port } : {}),
          ...(parsed.hostGiven ? { host: parsed.host } : {}),
          ...(parsed.dtcSymbols !== undefined ? { dtcSymbols: parsed.dtcSymbols } : {}),
        });
      } catch (error) {
        if (error instanceof DeploymentError) {
          io.out('Startup check:');
          for (const c of error.checks) io.out(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.message}`);
          io.err('minhos serve: the deployment is misconfigured (see FAIL above)');
          return EXIT_CODES.failed;
        }
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          io.err(`minhos serve: port ${parsed.port} is in use; pick another with --port`);
          return EXIT_CODES.failed;
        }
        throw error;
      }
      const r = run.reconciled;
      io.out(
        [
          'Startup check:',
          ...run.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.message}`),
          `MinhOS — ${run.instrument.instrumentId}, mode ${run.config.trading.mode}, broker ${run.config.trading.broker}`,
          `  API        ${run.url}/api/status`,
          `  API docs   ${run.url}/api/docs`,
          `  WebSocket  ${run.url.replace(/^http/, 'ws')}/ws`,
          `  data       ${parsed.scid[0]} (.scid tail)`,
          ...(run.dataInstruments.length > 0
            ? [`  over DTC   ${run.dataInstruments.join(', ')} (data only)`]
            : []),
          `  reconciled ${r.fillsApplied} fills applied, ${r.ordersResolved.length} orders resolved, ${r.externalAdopted.length} external orders adopted, ${r.positionMismatches.length} position mismatches`,
          run.tokenCreated
            ? `  token      ${run.token}  (shown once; stored in ${run.tokenPath})`
            : `  token      stored in ${run.tokenPath}`,
          'Ctrl-C stops.',
        ].join('\n'),
      );
      const signal = await untilSignal();
      io.out(`minhos serve: ${signal}, stopping…`);
      await run.stop();
      io.out('minhos serve: stopped, state flushed');
      return EXIT_CODES.ok;
    }
    const bars = parsed.bars ?? findBundledEsBars();
    if (bars === undefined) {
      io.err(
        'minhos serve: the bundled ES bars (data/ohlcv/es_1min_trade_lean.csv) were not found; pass --bars FILE',
      );
      return 1;
    }
    let runtime: EmbeddedRuntime;
    try {
      runtime = await startEmbedded({
        dataDir: parsed.data,
        barsFile: bars,
        port: parsed.port,
        host: parsed.host,
        speed: parsed.speed,
        strategy: parsed.strategy,
      });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') {
        io.err(`minhos serve: port ${parsed.port} is in use; pick another with --port`);
        return 1;
      }
      throw error;
    }
    io.out(
      [
        'MinhOS — SIMULATED FEED / PAPER (embedded default: real ES 1-minute bars replayed, paper broker, full_auto)',
        `  Dashboard  ${runtime.url}/dashboard/`,
        `  API        ${runtime.url}/api/status`,
        `  API docs   ${runtime.url}/api/docs`,
        `  WebSocket  ${runtime.url.replace(/^http/, 'ws')}/ws`,
        `  feed       ${runtime.scidFile} at ${parsed.speed}x`,
        runtime.tokenCreated
          ? `  token      ${runtime.token}  (shown once; stored in ${runtime.tokenPath})`
          : `  token      stored in ${runtime.tokenPath}`,
        'Ctrl-C stops.',
      ].join('\n'),
    );
    const signal = await untilSignal();
    io.out(`minhos serve: ${signal}, stopping…`);
    await runtime.stop();
    io.out('minhos serve: stopped, state flushed');
    return 0;
  },
};
