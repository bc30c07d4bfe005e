import type { CallGate } from '../opswat/index.js';
import type { CallBudget } from '../store/index.js';

/**
 * The OPSWAT client's gate: resolves once the shared budget grants a call, sleeping until the
 * slot the budget names. Every billable request passes here, including the retry after a 401.
 */
export function budgetGate(budget: CallBudget, signal?: AbortSignal): CallGate {
  return async () => {
    for (;;) {
      signal?.throwIfAborted();
      const decision = await budget.tryAcquire();
      if (decision.kind === 'granted') return;
      await sleep(Math.min(Math.max(decision.retryInMs, 5), 5000), signal);
    }
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    // Waiting for budget must never be what keeps a stopping process alive.
    timer.unref();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
