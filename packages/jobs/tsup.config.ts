import { tsupConfig } from '../../tooling/tsupConfig.ts';

// workerThread is the in-process pool's thread entry: InProcessRunner starts dist/workerThread.js.
export default tsupConfig({ entry: ['src/index.ts', 'src/workerThread.ts'] });
