import { MinhosError } from '@minhos/core';
import { FEATURE_NAMES, type FeatureName, type FeatureParams } from '../featureSpec.js';

/** Validates indicator periods. @throws `FEATURE_BAD_SPEC` naming the bad parameter. */
export function checkParams(params: FeatureParams): void {
  for (const [key, value] of Object.entries(params)) {
    const ok =
      key === 'bollingerMultiplier'
        ? Number.isFinite(value) && value > 0
        : Number.isInteger(value) && value >= 1 && value <= 100_000;
    if (!ok) {
      throw new MinhosError(
        'FEATURE_BAD_SPEC',
        `feature params.${key} must be ${key === 'bollingerMultiplier' ? 'a positive number' : 'an integer in [1, 100000]'}, got ${String(value)}`,
        { details: { param: key, value } },
      );
    }
  }
  if (params.macdFast >= params.macdSlow) {
    throw new MinhosError(
      'FEATURE_BAD_SPEC',
      `feature params.macdSlow (${params.macdSlow}) must exceed params.macdFast (${params.macdFast})`,
    );
  }
  if (params.volatilityPeriod < 2) {
    throw new MinhosError(
      'FEATURE_BAD_SPEC',
      `feature params.volatilityPeriod must be ≥ 2 (sample standard deviation), got ${params.volatilityPeriod}`,
    );
  }
}

/** Validates a feature list; returns it frozen. @throws `FEATURE_BAD_SPEC` for an unknown or repeated name. */
export function checkFeatures(features: readonly unknown[]): readonly FeatureName[] {
  if (features.length === 0) {
    throw new MinhosError('FEATURE_BAD_SPEC', 'features must list at least one feature name');
  }
  const seen = new Set<string>();
  for (const f of features) {
    if (typeof f !== 'string' || !(FEATURE_NAMES as readonly string[]).includes(f)) {
      throw new MinhosError(
        'FEATURE_BAD_SPEC',
        `unknown feature ${JSON.stringify(f)}; expected one of ${FEATURE_NAMES.join(', ')}`,
        { details: { feature: f } },
      );
    }
    if (seen.has(f)) throw new MinhosError('FEATURE_BAD_SPEC', `feature "${f}" is listed twice`);
    seen.add(f);
  }
  return Object.freeze([...features] as FeatureName[]);
}
