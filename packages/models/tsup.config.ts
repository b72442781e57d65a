import { tsupConfig } from '../../tooling/tsupConfig.ts';

// The XGBoost worker-thread entry is its own file next to index.js (TreeWorkerPool starts it by URL).
export default tsupConfig({
  entry: { index: 'src/index.ts', xgboostWorker: 'src/internal/xgboostWorker.ts' },
});
