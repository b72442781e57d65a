import { JOB_FORMAT_VERSION } from './JOB_FORMAT_VERSION.js';
import { JobError } from './JobError.js';
import type { DataRef, JobPayload, StrategyParams } from './JobPayload.js';

type Obj = Record<string, unknown>;

function fail(where: string, message: string): never {
  throw new JobError('JOB_BAD_INPUT', `${where}: ${message}`);
}

function obj(v: unknown, where: string, name: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    fail(where, `${name} must be an object, got ${JSON.stringify(v)}`);
  return v as Obj;
}

function str(o: Obj, key: string, where: string, name = key): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0)
    fail(where, `${name} must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function num(
  o: Obj,
  key: string,
  where: string,
  rule: { min?: number; integer?: boolean; gt?: number } = {},
  name = key,
): number {
  const v = o[key];
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (rule.integer !== true || Number.isInteger(v)) &&
    (rule.min === undefined || v >= rule.min) &&
    (rule.gt === undefined || v > rule.gt);
  if (!ok) {
    const what = `${rule.integer === true ? 'a whole number' : 'a number'}${rule.min !== undefined ? ` ≥ ${rule.min}` : ''}${rule.gt !== undefined ? ` > ${rule.gt}` : ''}`;
    fail(where, `${name} must be ${what}, got ${JSON.stringify(v)}`);
  }
  return v as number;
}

function range(v: unknown, where: string, name: string): { from: number; to: number } {
  const o = obj(v, where, name);
  const from = num(o, 'from', where, { min: 0, integer: true }, `${name}.from`);
  const to = num(o, 'to', where, { gt: from, integer: true }, `${name}.to`);
  return { from, to };
}

function params(v: unknown, where: string, name: string): StrategyParams {
  const o = obj(v, where, name);
  for (const [k, x] of Object.entries(o)) {
    if (typeof x !== 'number' || !Number.isFinite(x))
      fail(where, `${name}.${k} must be a finite number, got ${JSON.stringify(x)}`);
  }
  return o as StrategyParams;
}

function data(v: unknown, where: string): DataRef {
  const o = obj(v, where, 'data');
  str(o, 'path', where, 'data.path');
  const sha = str(o, 'sha256', where, 'data.sha256');
  if (!/^[0-9a-f]{64}$/.test(sha))
    fail(where, `data.sha256 must be 64 lower-case hex digits, got ${JSON.stringify(sha)}`);
  if (o.bars !== undefined) range(o.bars, where, 'data.bars');
  return o as unknown as DataRef;
}

function common(o: Obj, where: string): void {
  data(o.data, where);
  if (o.kind === 'train') return;
  const inst = obj(o.instrument, where, 'instrument');
  str(inst, 'id', where, 'instrument.id');
  num(inst, 'pointValue', where, { gt: 0 }, 'instrument.pointValue');
  num(inst, 'tickSize', where, { gt: 0 }, 'instrument.tickSize');
  str(inst, 'currency', where, 'instrument.currency');
  num(inst, 'marginPerContract', where, { min: 0 }, 'instrument.marginPerContract');
  const costs = obj(o.costs, where, 'costs');
  num(costs, 'startingCapital', where, { gt: 0 }, 'costs.startingCapital');
  if (costs.commissionPerContract !== undefined)
    num(costs, 'commissionPerContract', where, { min: 0 }, 'costs.commissionPerContract');
  if (costs.slippageTicks !== undefined)
    num(costs, 'slippageTicks', where, { min: 0 }, 'costs.slippageTicks');
}

/**
 * Checks that `value` (a job read from a queue: untrusted JSON) is a well-formed
 * {@link JobPayload} of this format version, and returns it typed. Strategy parameters are
 * checked against the catalog when the job runs. Throws {@link JobError} `JOB_BAD_INPUT` naming
 * the job, the field and what was expected.
 *
 * @example
 * ```ts
 * import { validateJob } from '@minhos/jobs';
 * try { validateJob({ kind: 'backtest' }, 'bt-1'); } catch (e) { console.error((e as Error).message); }
 * ```
 */
export function validateJob(value: unknown, id = 'job'): JobPayload {
  const where = `job ${id}`;
  const o = obj(value, where, 'the payload');
  if (o.format !== JOB_FORMAT_VERSION) {
    fail(
      where,
      `format must be ${JOB_FORMAT_VERSION} (this worker's job format), got ${JSON.stringify(o.format)}`,
    );
  }
  switch (o.kind) {
    case 'backtest':
      str(o, 'strategy', where);
      params(o.params, where, 'params');
      common(o, where);
      break;
    case 'walk-forward-fold': {
      str(o, 'strategy', where);
      if (!Array.isArray(o.grid) || o.grid.length === 0)
        fail(where, 'grid must be a non-empty array of parameter sets');
      for (const [i, p] of o.grid.entries()) params(p, where, `grid[${i}]`);
      str(o, 'statistic', where);
      if (o.order !== 'asc' && o.order !== 'desc')
        fail(where, `order must be "asc" or "desc", got ${JSON.stringify(o.order)}`);
      num(o, 'fold', where, { min: 0, integer: true });
      const train = range(o.train, where, 'train');
      const test = range(o.test, where, 'test');
      if (train.to > test.from)
        fail(
          where,
          `train window [${train.from}, ${train.to}) must end before the test window starts at ${test.from}`,
        );
      const warm = num(o, 'warmupBars', where, { min: 0, integer: true });
      if (warm > test.from - train.from)
        fail(where, `warmupBars ${warm} exceeds the bars before the test window`);
      common(o, where);
      break;
    }
    case 'train': {
      if (o.model !== 'logistic' && o.model !== 'xgboost' && o.model !== 'random-forest') {
        fail(where, `model must be logistic, xgboost or random-forest, got ${JSON.stringify(o.model)}`);
      }
      str(o, 'name', where);
      str(o, 'registry', where);
      const share = num(o, 'trainShare', where, { gt: 0 });
      if (share >= 1) fail(where, `trainShare must be in (0, 1), got ${share}`);
      num(o, 'horizon', where, { min: 1, integer: true });
      params(o.hyper, where, 'hyper');
      common(o, where);
      break;
    }
    default:
      fail(where, `kind must be backtest, walk-forward-fold or train, got ${JSON.stringify(o.kind)}`);
  }
  return o as unknown as JobPayload;
}
