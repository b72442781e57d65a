import { z } from 'zod';

// The `modules` section: one entry per AI module of the engine (issue 13), each with its mode and
// the parameters of its documented rule. Defaults: every module observes (decides and records,
// changes nothing) except profit amplification, which is off.

const int = () => z.number().int();
const positiveInt = () => int().min(1);
const nonNegativeInt = () => int().min(0);
const positive = () => z.number().positive();
const nonNegative = () => z.number().min(0);
const unit = () => z.number().min(0).max(1);

const mode = (fallback: 'off' | 'observe' | 'enforce') =>
  z
    .enum(['off', 'observe', 'enforce'])
    .default(fallback)
    .describe(
      'off: the module does not run; observe: it decides and records, changes nothing; enforce: it acts.',
    );

const modelSupervisorSchema = z
  .strictObject({
    mode: mode('observe'),
    window: positiveInt()
      .default(60)
      .describe('Scored calls (bars where the member took a side) in the rolling window per member.'),
    minSamples: positiveInt().default(30).describe('Scored calls needed before a member is judged.'),
    belowBaselineBars: positiveInt()
      .default(20)
      .describe(
        'Consecutive bars below the best baseline before a member is weighted 0 (enforce) or flagged.',
      ),
    recoveryBars: positiveInt()
      .default(20)
      .describe('Consecutive judged calls at or above the baseline before a suspended member votes again.'),
    accuracyMargin: nonNegative()
      .max(0.5)
      .default(0)
      .describe('How far below the best baseline accuracy (fraction) counts as "below".'),
    maxDirectionShare: unit()
      .default(0.85)
      .describe('Bias alert when one direction exceeds this share of a member’s calls in the window.'),
    maxProbabilityDrift: unit()
      .default(0.1)
      .describe('Bias alert when the mean P(up) drifts this far from the training mean.'),
  })
  .prefault({})
  .describe(
    'Model supervisor: live accuracy, log loss, calibration and bias per member against the baselines.',
  );

const orchestratorPolicySchema = z
  .strictObject({
    mode: mode('observe'),
    maxPositions: positiveInt()
      .default(1)
      .describe('Open instruments allowed at once (the table may lower it).'),
    rollWindowHours: nonNegative()
      .default(24)
      .describe('No new entries this many hours before an instrument’s roll instant.'),
    sessionCloseMinutes: nonNegativeInt()
      .default(15)
      .describe('No new entries this many minutes before the session closes (0 = no rule).'),
    eventRisk: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/))
      .default([])
      .describe(
        'Scheduled releases (ISO-8601 instants, e.g. 2013-12-06T13:30:00Z) around which no entries open.',
      ),
    eventWindowMinutes: nonNegativeInt()
      .default(30)
      .describe('Minutes before and after each event-risk instant without new entries.'),
  })
  .prefault({})
  .describe('Orchestrator policy: market state, session, roll and event risk → size, directions, entries.');

const portfolioBalancerSchema = z
  .strictObject({
    mode: mode('observe'),
    maxSymbolContracts: positiveInt().default(2).describe('Cap of |position| per instrument, contracts.'),
    maxClusterContracts: positiveInt()
      .default(3)
      .describe('Cap of Σ|position| over one correlation cluster, contracts.'),
    correlationThreshold: unit()
      .default(0.7)
      .describe('Instruments whose rolling-return correlation reaches this join one cluster.'),
    returnsWindow: positiveInt().min(3).default(100).describe('Bars of returns behind the correlations.'),
  })
  .prefault({})
  .describe('Portfolio balancer: exposure per instrument and per correlation cluster against caps.');

const positionIntelligenceSchema = z
  .strictObject({
    mode: mode('observe'),
    breakEvenAfterPoints: positive()
      .default(3)
      .describe('Move the stop to the entry once the best excursion reaches this many points.'),
    trailingStopPoints: positive()
      .default(4)
      .describe('Trail the stop this many points behind the best price once break-even is reached.'),
    timeStopBars: nonNegativeInt()
      .default(16)
      .describe('Exit a position held this many bars that never reached break-even (0 = no time stop).'),
    stalledBars: positiveInt()
      .default(8)
      .describe('Bars after which a position within ±1 point is "stalled".'),
    nearFraction: unit()
      .default(0.25)
      .describe(
        'Within this fraction of the stop-to-target range a position is "near" the stop or the target.',
      ),
    flattenBeforeRollHours: nonNegative()
      .default(24)
      .describe('Flatten this many hours before the contract’s roll instant.'),
    flattenBeforeCloseMinutes: nonNegativeInt()
      .default(0)
      .describe('Flatten this many minutes before the session close (0 = hold through the close).'),
    exitRetryBars: positiveInt()
      .default(10)
      .describe(
        'Bars before an exit the trading mode or the risk gate refused is asked again (not a new decision at every bar).',
      ),
  })
  .prefault({})
  .describe('Position intelligence: classify each open position and manage its exit.');

const profitAmplificationSchema = z
  .strictObject({
    mode: mode('off'),
    minProfitPoints: positive().default(4).describe('Open profit (points) required before adding.'),
    lockPoints: nonNegative()
      .default(1)
      .describe('The stop must move to lock at least this many points of gain when adding.'),
    minConfidence: unit().default(0.6).describe('Fused confidence the persisting signal needs.'),
    maxAdds: positiveInt().default(1).describe('Adds per position at most.'),
    addContracts: positiveInt().default(1).describe('Contracts per add (capped by Kelly sizing).'),
  })
  .prefault({})
  .describe('Profit amplification: add to a winner while the signal persists (off by default).');

const smartExecutionSchema = z
  .strictObject({
    mode: mode('observe'),
    orderType: z
      .enum(['market', 'marketable_limit'])
      .default('marketable_limit')
      .describe('How an entry goes out: market, or a limit this many ticks through the last price.'),
    limitOffsetTicks: nonNegativeInt()
      .default(1)
      .describe('Marketable limit offset through the last price, ticks.'),
    maxSlippageTicks: nonNegativeInt()
      .default(4)
      .describe('An entry whose price moved more than this against the decision price is not sent, ticks.'),
    chaseSeconds: positiveInt()
      .default(60)
      .describe('Seconds before an unfilled entry limit is chased or cancelled.'),
    chaseAction: z.enum(['chase', 'cancel']).default('cancel').describe('What happens to an unfilled limit.'),
    maxChases: nonNegativeInt().default(2).describe('Re-pricings of one limit before it is cancelled.'),
    maxChildContracts: positiveInt()
      .default(2)
      .describe('Larger entries are split into children of this size.'),
  })
  .prefault({})
  .describe(
    'Smart execution: order type, slippage guard, chase/cancel, splitting; implementation shortfall.',
  );

/** The `modules` section of {@link configSchema}. */
export const modulesSchema = z
  .strictObject({
    modelSupervisor: modelSupervisorSchema,
    orchestratorPolicy: orchestratorPolicySchema,
    portfolioBalancer: portfolioBalancerSchema,
    positionIntelligence: positionIntelligenceSchema,
    profitAmplification: profitAmplificationSchema,
    smartExecution: smartExecutionSchema,
  })
  .prefault({})
  .describe('AI modules of the engine: each off, observing or enforcing, with its parameters.');
