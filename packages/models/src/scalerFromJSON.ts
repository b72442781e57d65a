import { MinhosError } from '@minhos/core';
import { MinMaxScaler } from './MinMaxScaler.js';
import { RobustScaler } from './RobustScaler.js';
import type { Scaler, ScalerState } from './Scaler.js';
import { StandardScaler } from './StandardScaler.js';

function bad(message: string): MinhosError {
  return new MinhosError('SCALER_BAD_STATE', `scaler state: ${message}`);
}

/**
 * Restores a fitted scaler from {@link ScalerState} (e.g. read back from the model registry),
 * validating it first.
 *
 * @throws {@link @minhos/core!MinhosError} `SCALER_BAD_STATE` naming the first invalid field.
 *
 * @example
 * ```ts
 * import { StandardScaler, scalerFromJSON } from '@minhos/models';
 * const X = { rows: 2, cols: 1, data: Float64Array.of(1, 3) };
 * const s = scalerFromJSON(JSON.parse(JSON.stringify(new StandardScaler().fit(X))));
 * s.transformRow([3]); // [1]
 * ```
 */
export function scalerFromJSON(state: unknown): Scaler {
  if (typeof state !== 'object' || state === null) throw bad(`expected an object, got ${String(state)}`);
  const s = state as Record<string, unknown>;
  if (s.version !== 1) throw bad(`version must be 1, got ${String(s.version)}`);
  const numbers = (key: string): number[] => {
    const v = s[key];
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw bad(`${key} must be a non-empty array of finite numbers`);
    }
    return v as number[];
  };
  const center = numbers('center');
  const scale = numbers('scale');
  if (scale.length !== center.length) throw bad(`scale has ${scale.length} values, center ${center.length}`);
  if (!scale.every((x) => x > 0)) throw bad('every scale must be > 0');
  const fitRows = s.fitRows;
  if (!Array.isArray(fitRows) || fitRows.length !== 2 || !fitRows.every((x) => Number.isInteger(x))) {
    throw bad('fitRows must be [start, end] integers');
  }
  const names = s.names;
  if (
    names !== undefined &&
    (!Array.isArray(names) || names.length !== center.length || !names.every((x) => typeof x === 'string'))
  ) {
    throw bad(`names must be ${center.length} strings`);
  }
  const clean: ScalerState = {
    version: 1,
    kind: s.kind as ScalerState['kind'],
    center,
    scale,
    fitRows: [fitRows[0] as number, fitRows[1] as number],
    ...(names === undefined ? {} : { names: names as string[] }),
  };
  switch (s.kind) {
    case 'standard':
      return new StandardScaler().restore(clean);
    case 'robust':
      return new RobustScaler().restore(clean);
    case 'minmax':
      return new MinMaxScaler().restore(clean);
    default:
      throw bad(`kind must be "standard", "robust" or "minmax", got ${JSON.stringify(s.kind)}`);
  }
}
