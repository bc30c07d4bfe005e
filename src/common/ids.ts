/** A UUID in its canonical 8-4-4-4-12 hex form, any case: Automox org, policy and run ids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID ({@link UUID_PATTERN}). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
