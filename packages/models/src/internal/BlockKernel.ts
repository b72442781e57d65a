/**
 * An indicator's batch loop, resumable at any row: the inputs and outputs are fixed at
 * construction, and each {@link BlockKernel.run} call continues exactly where the previous one
 * stopped, with the very same arithmetic as one call over all rows. The public batch functions
 * (`sma`, `rsi`, …) run a kernel over all rows ({@link runKernel}); the feature pipeline runs each
 * kernel a block of rows at a time into small cache-resident outputs (`shift` = the block's first
 * row), so no full-length indicator column goes to memory and back.
 *
 * Each kernel's loop is a free function over typed arrays and numbers (`rsiBlock`, …), with the
 * numbers it carries between calls in a `Float64Array`; a kernel (`rsiKernel(…)`, …) only binds
 * the arguments. Kernels were first classes holding their state: one lives for one call, and
 * after a GC had collected the earlier instances V8 gave new ones a new hidden class, so a loop
 * that read its state from the instance was deoptimised on entry (the public batch functions ran
 * 2–2.5× slower under the indicators bench, which collects garbage before every timed call).
 */
export interface BlockKernel {
  /**
   * Computes rows `[from, to)` and writes row i's values at index `i − shift` of the outputs.
   * `from` must be the previous call's `to` (0 on the first call); inputs are read at row
   * indices (history before `from` included). Rows are int32 (below 2³¹, which
   * `checkRowCount` enforces): the kernels coerce them with `| 0`, which lets V8 drop overflow
   * and range checks from their loops (~20 % of the session pass).
   */
  run(from: number, to: number, shift: number): void;
}

/** A {@link BlockKernel} whose carried state a caller can continue itself (the pipeline's fused row pass). */
export interface StatefulKernel extends BlockKernel {
  /** The numbers carried between `run` calls (each kernel lists its slots). */
  readonly state: Float64Array;
}

/** Rows of the first {@link runKernel} block. */
const FIRST_BLOCK = 1024;

/**
 * Runs `kernel` over rows `[0, n)` into outputs indexed by row: a first block of up to 1,024 rows,
 * then the rest in one call, so the same values as one `run(0, n, 0)` (the kernels are resumable,
 * tested at every block size). The short first call gives V8 type feedback for every path of the
 * loop, the state stores at its end included, before it compiles the long loop: in one long call
 * the optimised code met those stores without feedback and was deoptimised at the end of the first
 * calls (seen with `--trace-deopt`), so the next call started again in the interpreter.
 */
export function runKernel(kernel: BlockKernel, n: number): void {
  const first = Math.min(n, FIRST_BLOCK);
  kernel.run(0, first, 0);
  if (first < n) kernel.run(first, n, 0);
}
