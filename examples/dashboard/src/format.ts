/** How long ago `iso` was, in the largest whole unit: "42 s", "5 min", "3 h", "2 d". */
export function age(iso: string, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** A timestamp as the reader's local date and time, or a dash. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A duration in the largest whole unit, as {@link age} words it: "42 s", "5 min", "3 h", "2 d". */
export function duration(seconds: number): string {
  return age(new Date(0).toISOString(), new Date(Math.max(0, seconds) * 1000));
}
