/**
 * Test helper: resolves once `pred()` holds, polling every 20 ms; rejects after `ms` milliseconds.
 * For tests that wait on real sockets and files (DTC simulator, SCID tail), not for simulated time.
 */
export async function until(pred: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
