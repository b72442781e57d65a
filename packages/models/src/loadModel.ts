import { MinhosError } from '@minhos/core';
import { readModelFile } from './internal/modelFile.js';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import { LstmAttentionModel } from './LstmAttentionModel.js';
import type { Model } from './Model.js';
import { RandomForestModel } from './RandomForestModel.js';
import { StackingEnsemble } from './StackingEnsemble.js';
import { XgboostModel } from './XgboostModel.js';

/**
 * Restores any model saved with `model.save(dir)`, dispatching on the `kind` in `dir/model.json`.
 *
 * @throws MinhosError `MODEL_LOAD_FAILED` for a missing/corrupt file or an unknown kind.
 * @example
 * ```ts
 * import { loadModel } from '@minhos/models';
 * const model = await loadModel('./models/es-xgb');
 * ```
 */
export async function loadModel(dir: string): Promise<Model> {
  const header = await readModelFile(dir);
  switch (header.kind) {
    case 'logistic':
      return LogisticRegressionModel.load(dir);
    case 'xgboost':
      return XgboostModel.load(dir);
    case 'random-forest':
      return RandomForestModel.load(dir);
    case 'lstm-attention':
      return LstmAttentionModel.load(dir);
    case 'stacking-ensemble':
      return StackingEnsemble.load(dir);
    default:
      throw new MinhosError('MODEL_LOAD_FAILED', `${dir}: unknown model kind "${header.kind}"`, {
        details: { dir, kind: header.kind },
      });
  }
}
