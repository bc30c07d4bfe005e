import type { RequestHandler } from 'express';

/**
 * Counts the requests being served, so shutdown can wait for them: a response counts until its
 * connection reports it closed (finished or aborted).
 */
export class InFlightRequests {
  #count = 0;
  #idle: Array<() => void> = [];

  /** How many requests are being served now. */
  get count(): number {
    return this.#count;
  }

  /** Middleware that counts each request it sees until its response closes. */
  track(): RequestHandler {
    return (_req, res, next) => {
      this.#count += 1;
      res.once('close', () => {
        this.#count -= 1;
        if (this.#count === 0) for (const wake of this.#idle.splice(0)) wake();
      });
      next();
    };
  }

  /** Resolves true once no request is in flight, or false when `timeoutMs` passes first. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
