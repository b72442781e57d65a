/** One live prediction, oldest first, with the close it was made at. */
export interface LivePrediction {
  /** Bar-close time, µs. */
  readonly time: number;
  readonly direction: -1 | 0 | 1;
  /** Close of the bar the prediction was made on. */
  readonly price: number;
}

/** Direction accuracy of the model and of each baseline, on the same scored bars. */
export interface LiveBaselines {
  /** Bars scored: a prediction with a next one to score it against and a non-zero move. */
  readonly scored: number;
  /** The model's live direction accuracy on those bars (`null` when none was scored). */
  readonly model: number | null;
  /** Each baseline's accuracy on the same bars (names as `@minhos/models`' `BASELINES`). */
  readonly baselines: Readonly<
    Record<'coin-flip' | 'always-long' | 'previous-direction' | 'contrarian', number | null>
  >;
}

/**
 * Scores the model's live predictions against the baselines the held-out evaluation uses, on the
 * same bars: each prediction is scored by the next prediction's close (the next bar); bars with no
 * move are left out. `previous-direction` predicts the last move again, `contrarian` its opposite,
 * `always-long` up; a coin flip is 0.5. Pure.
 *
 * @param predictions - the model's predictions, in any order (sorted by time here).
 */
export function liveBaselines(predictions: readonly LivePrediction[]): LiveBaselines {
  const p = [...predictions].sort((a, b) => a.time - b.time);
  let scored = 0;
  let model = 0;
  let long = 0;
  let previous = 0;
  let contrarian = 0;
  let withPrevious = 0;
  let lastMove = 0;
  for (let i = 0; i + 1 < p.length; i++) {
    const move = Math.sign((p[i + 1] as LivePrediction).price - (p[i] as LivePrediction).price);
    if (move === 0) continue;
    scored++;
    if ((p[i] as LivePrediction).direction === move) model++;
    if (move > 0) long++;
    if (lastMove !== 0) {
      withPrevious++;
      if (lastMove === move) previous++;
      else contrarian++;
    }
    lastMove = move;
  }
  const share = (n: number, of: number): number | null => (of === 0 ? null : n / of);
  return {
    scored,
    model: share(model, scored),
    baselines: {
      'coin-flip': scored === 0 ? null : 0.5,
      'always-long': share(long, scored),
      'previous-direction': share(previous, withPrevious),
      contrarian: share(contrarian, withPrevious),
    },
  };
}
