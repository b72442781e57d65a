import { resolve } from 'node:path';
import { defaultConfig } from '@minhos/config';
import type { CliCommand, CliIo } from '../cli.js';
import { checkDeployment } from '../serve/deploymentCheck.js';
import { findBundledEsBars } from '../serve/loadEsBars.js';
import { type EmbeddedRuntime, startEmbedded } from '../serve/startEmbedded.js';

const USAGE = `minhos serve [--port 8888] [--host 127.0.0.1] [--data ./.minhos] [--speed 60] [--bars FILE] [--strategy sma|ta]
       minhos serve --config minhos.yaml --scid ESZ25-CME.scid   (startup check of a real deployment)

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
        break;
      }
      case '--host':
        out.host = value;
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
    if (parsed.config !== undefined) {
      const { checks } = await checkDeployment({
        configFile: parsed.config,
        scidFiles: parsed.scid,
        env: io.env,
      });
      io.out('Startup check:');
      for (const c of checks) io.out(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.message}`);
      if (checks.some((c) => !c.ok)) {
        io.err('minhos serve: the deployment is misconfigured (see FAIL above)');
        return 1;
      }
      io.err(
        'minhos serve: the checks pass, but running a real deployment (.scid tail + DTC to Sierra Chart) is not available in this version yet; run without --config for the embedded default',
      );
      return 1;
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
