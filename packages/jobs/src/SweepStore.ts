import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type EngineStore, openStore } from '@minhos/engine';
import type { JobOutcome } from './JobRunner.js';

/** What the coordinator keeps about a sweep. */
export interface SweepRecord {
  readonly id: string;
  /** ISO-8601 UTC time the sweep was first planned. */
  readonly createdAt: string;
  readonly strategy: string;
  readonly statistic: string;
  readonly jobIds: readonly string[];
}

const INDEX = 'jobs/sweeps';
const sweepKey = (id: string): string => `jobs/sweep/${id}`;
const outcomeKey = (jobId: string): string => `jobs/outcome/${jobId}`;

/**
 * Sweep results in SQLite on the coordinator, through the engine's store (the `state` table of
 * `minhos.sqlite`, where the server reads the rest of the system): the sweep's plan under
 * `jobs/sweep/<id>`, each finished job's outcome under `jobs/outcome/<job id>`. Outcomes are keyed by
 * the deterministic job id, so a restarted sweep — or another sweep sharing a job — reuses them and
 * a job counts once however many times a queue delivered it.
 *
 * @example
 * ```ts
 * import { SweepStore } from '@minhos/jobs';
 * const store = SweepStore.open('.minhos/minhos.sqlite');
 * store.sweeps(); // every sweep planned so far
 * store.close();
 * ```
 */
export class SweepStore {
  readonly #store: EngineStore;
  readonly #owned: boolean;

  /** Wraps an open engine store; `owned` closes it with {@link SweepStore.close}. */
  constructor(store: EngineStore, owned = false) {
    this.#store = store;
    this.#owned = owned;
  }

  /** Opens (or creates, with its folder) the engine store at `path` (`:memory:` for a throwaway one). */
  static open(path: string): SweepStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const opened = openStore(path);
    if (!opened.ok) throw opened.error;
    return new SweepStore(opened.value, true);
  }

  #now(): number {
    return Date.now() * 1000;
  }

  /** Records a sweep's plan (kept as first written when it already exists). */
  putSweep(record: SweepRecord): SweepRecord {
    const existing = this.sweep(record.id);
    if (existing !== undefined) return existing;
    this.#store.transaction(() => {
      this.#store.setState(sweepKey(record.id), record, this.#now());
      const index = this.#store.getState<string[]>(INDEX) ?? [];
      if (!index.includes(record.id)) this.#store.setState(INDEX, [...index, record.id], this.#now());
    });
    return record;
  }

  /** The plan of sweep `id`, if it was ever run here. */
  sweep(id: string): SweepRecord | undefined {
    return this.#store.getState<SweepRecord>(sweepKey(id));
  }

  /** Every sweep, oldest first. */
  sweeps(): SweepRecord[] {
    return (this.#store.getState<string[]>(INDEX) ?? []).flatMap((id) => this.sweep(id) ?? []);
  }

  /** Stores a job's final outcome; a completed outcome is never replaced (a job counts once). */
  putOutcome(outcome: JobOutcome): void {
    const existing = this.outcome(outcome.id);
    if (existing?.state === 'completed') return;
    this.#store.setState(outcomeKey(outcome.id), outcome, this.#now());
  }

  /** The final outcome of a job, if it has one. */
  outcome(jobId: string): JobOutcome | undefined {
    return this.#store.getState<JobOutcome | null>(outcomeKey(jobId)) ?? undefined;
  }

  /** Forgets a failed outcome so the job runs again (a rerun of a sweep retries its failures). */
  clearFailed(jobId: string): void {
    if (this.outcome(jobId)?.state === 'failed') this.#store.setState(outcomeKey(jobId), null, this.#now());
  }

  /** Closes the underlying store when this object opened it. */
  close(): void {
    if (this.#owned) this.#store.close();
  }
}
