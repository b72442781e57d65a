import { describe, expect, it } from 'vitest';
import {
  balanceEntry,
  correlationClusters,
  DEFAULT_PORTFOLIO_BALANCER_PARAMS,
  proposeReductions,
} from './portfolioBalancer.js';

const p = { ...DEFAULT_PORTFOLIO_BALANCER_PARAMS, maxSymbolContracts: 2, maxClusterContracts: 3 };

describe('portfolio balancer', () => {
  it('clusters instruments by the correlation of their rolling returns', () => {
    const es = [0.01, -0.02, 0.015, -0.005, 0.02, -0.01];
    const nq = es.map((r) => 1.3 * r + 0.0001);
    const gc = [0.01, 0.01, -0.02, 0.005, -0.01, 0.0];
    expect(correlationClusters({ ES: es, NQ: nq, GC: gc }, 0.7, 100)).toEqual([['ES', 'NQ'], ['GC']]);
    // Too short a history links nothing.
    expect(correlationClusters({ ES: [0.1, 0.2], NQ: [0.1, 0.2] }, 0.7, 100)).toEqual([['ES'], ['NQ']]);
  });

  it('trims an entry to the symbol cap and to the room left in its cluster', () => {
    expect(balanceEntry({}, 'ES', 5, [['ES']], p)).toMatchObject({ target: 2, trimmed: true });
    expect(balanceEntry({ NQ: -2 }, 'ES', 3, [['ES', 'NQ']], p)).toMatchObject({
      target: 1,
      trimmed: true,
      clusterExposure: 2,
    });
    expect(balanceEntry({ NQ: 3 }, 'ES', -1, [['ES', 'NQ']], p)).toMatchObject({ target: 0, trimmed: true });
    expect(balanceEntry({ NQ: 3 }, 'ES', 1, [['ES'], ['NQ']], p)).toMatchObject({
      target: 1,
      trimmed: false,
    });
    expect(balanceEntry({ ES: 2 }, 'ES', 1, [['ES']], p)).toMatchObject({
      target: 1,
      trimmed: false,
      reason: 'not an increase',
    });
    expect(() => balanceEntry({}, 'ES', 1, [], { ...p, maxSymbolContracts: 0 })).toThrow(
      /maxSymbolContracts must be a whole number ≥ 1, got 0/,
    );
  });

  it('proposes reductions back within the caps, largest position first', () => {
    expect(proposeReductions({ ES: 4, NQ: -1 }, [['ES', 'NQ']], p)).toEqual([
      { instrumentId: 'ES', from: 4, target: 2, reason: expect.stringMatching(/cap/) },
    ]);
    expect(proposeReductions({ ES: 2, NQ: -2 }, [['ES', 'NQ']], p)).toEqual([
      {
        instrumentId: 'ES',
        from: 2,
        target: 1,
        reason: expect.stringMatching(/cluster \[ES, NQ\] holds 4 > cap 3/),
      },
    ]);
    expect(proposeReductions({ ES: 2, NQ: -2 }, [['ES'], ['NQ']], p)).toEqual([]);
  });
});
