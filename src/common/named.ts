/**
 * Gives a function a name: Express layers are named after their handler, and the express
 * instrumentation names each middleware's span after its layer, so an anonymous handler shows
 * in a trace as `middleware - <anonymous>`.
 */
export function named<T extends (...args: never[]) => unknown>(name: string, handler: T): T {
  return Object.defineProperty(handler, 'name', { value: name });
}
