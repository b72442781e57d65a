/** One booster to train: what the pool sends to a worker. */
export interface TreeJobMessage {
  readonly id: number;
  readonly data: Float32Array;
  readonly labels: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly params: Record<string, string>;
  readonly rounds: number;
}

/** A worker's answer: the trained booster (XGBoost binary format) or the error. */
export interface TreeJobReply {
  readonly id: number;
  readonly booster?: Uint8Array;
  readonly error?: string;
  readonly code?: string;
}
