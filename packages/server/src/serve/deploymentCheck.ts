import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { type MinhosConfig, safeLoadConfig } from '@minhos/config';
import { readScidInfo } from '@minhos/sierra';

/** One line of the startup check. */
export interface DeploymentCheck {
  readonly name: 'config' | 'dtc' | 'trading' | 'data';
  readonly ok: boolean;
  /** Plain words: what is fine, or what is wrong and what to do. */
  readonly message: string;
}

/** What {@link checkDeployment} needs. */
export interface DeploymentCheckInput {
  readonly configFile: string;
  /** `.scid` files the deployment will follow for CME data. */
  readonly scidFiles: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Whether a TCP server answers at host:port within `timeoutMs`; the error code when not. */
export function probeTcp(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (r: { ok: true } | { ok: false; reason: string }) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, reason: `no answer within ${timeoutMs} ms` }));
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, reason: e.code === 'ECONNREFUSED' ? 'connection refused' : (e.code ?? e.message) }),
    );
  });
}

/**
 * The startup check of a real deployment (`minhos serve --config`), in plain words: the config
 * file loads and validates; Sierra Chart's DTC server answers at `network.dtc`; trading is allowed
 * (no emergency stop at start, a trade account for the live broker); every `.scid` data file
 * exists and is a Sierra Chart intraday file.
 */
export async function checkDeployment(
  input: DeploymentCheckInput,
): Promise<{ readonly config?: MinhosConfig; readonly checks: readonly DeploymentCheck[] }> {
  const checks: DeploymentCheck[] = [];
  if (!existsSync(input.configFile))
    return { checks: [{ name: 'config', ok: false, message: `config file not found: ${input.configFile}` }] };
  const loaded = safeLoadConfig({ file: input.configFile, env: input.env });
  if (!loaded.ok)
    return { checks: loaded.error.map((e) => ({ name: 'config' as const, ok: false, message: e.message })) };
  const config = loaded.value;
  checks.push({ name: 'config', ok: true, message: `config ${input.configFile} is valid` });

  const { host, port, connectTimeoutMs } = config.network.dtc;
  const probe = await probeTcp(host, port, connectTimeoutMs);
  checks.push(
    probe.ok
      ? { name: 'dtc', ok: true, message: `Sierra Chart's DTC server answers at ${host}:${port}` }
      : {
          name: 'dtc',
          ok: false,
          message: `Sierra Chart's DTC server is not reachable at ${host}:${port} (${probe.reason}): start Sierra Chart and enable its DTC Protocol Server on port ${port} (Global Settings > Data/Trade Service Settings), or fix network.dtc`,
        },
  );

  if (config.trading.emergencyStop)
    checks.push({
      name: 'trading',
      ok: false,
      message: 'trading is not allowed: trading.emergencyStop is true (set it to false to trade)',
    });
  else if (config.trading.broker === 'live' && config.trading.account === undefined)
    checks.push({
      name: 'trading',
      ok: false,
      message:
        'trading.broker is live but trading.account is not set: live orders need the Sierra trade account',
    });
  else
    checks.push({
      name: 'trading',
      ok: true,
      message: `trading allowed on the ${config.trading.broker} broker in ${config.trading.mode} mode`,
    });

  if (input.scidFiles.length === 0)
    checks.push({
      name: 'data',
      ok: false,
      message: 'no .scid data file given: pass --scid <SierraChart/Data/ESZ25-CME.scid>',
    });
  for (const file of input.scidFiles) {
    if (!existsSync(file)) {
      checks.push({ name: 'data', ok: false, message: `data file not found: ${file}` });
      continue;
    }
    try {
      const info = await readScidInfo(file);
      checks.push({ name: 'data', ok: true, message: `data file ${file}: ${info.recordCount} records` });
    } catch (error) {
      checks.push({
        name: 'data',
        ok: false,
        message: `data file ${file} is not a Sierra Chart .scid file: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return { config, checks };
}
