/** Waits on a condition in specs that run real processes: polled, with a deadline that names what was awaited. */

/** Waits until `done()` holds, polling (running `poll` before each look, when given). */
export async function until(done: () => boolean, timeoutMs: number, what: string, poll?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await poll?.();
    if (done()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, poll ? 250 : 25));
  }
}
