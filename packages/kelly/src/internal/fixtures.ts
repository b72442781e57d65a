import { readFileSync } from 'node:fs';

/** Reference values computed by NumPy/LAPACK (see fixtures/make_linalg_fixtures.py). Tests only. */
export interface LinalgFixtures {
  readonly eigen: readonly { matrix: number[][]; values: number[]; heat: number }[];
  readonly solve: readonly {
    covariance: number[][];
    mean: number[];
    riskFreeRate: number;
    fractions: number[];
    condition: number;
  }[];
  readonly shrink: readonly {
    covariance: number[][];
    mean: number[];
    maxConditionNumber: number;
    shrinkage: number;
    fractions: number[];
    conditionBefore: number | null;
    conditionAfter: number;
  }[];
  readonly ledoitWolf: readonly {
    returns: number[][];
    shrinkage: number;
    target: number;
    covariance: number[][];
  }[];
}

export function loadLinalgFixtures(): LinalgFixtures {
  return JSON.parse(
    readFileSync(new URL('../../fixtures/linalg.json', import.meta.url), 'utf8'),
  ) as LinalgFixtures;
}
