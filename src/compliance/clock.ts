/**
 * Time as a dependency: everything in the compliance engine that waits or decides by time reads
 * this, so its tests run on jest's fake timers and never depend on how busy the machine is.
 */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Calls `fn` after `ms`; the timer never keeps a stopping process alive. Returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

/** The process clock: Date.now and (unref'd) setTimeout, which jest's fake timers replace. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** Resolves with the promise's value, or undefined once `ms` has passed on `clock`. */
export async function within<T>(clock: Clock, promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return Promise.race([promise, Promise.resolve(undefined)]);
  let cancel: (() => void) | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    cancel = clock.schedule(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    cancel?.();
  }
}
