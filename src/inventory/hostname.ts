// Automox reports whatever name the agent saw (sometimes short, sometimes fully qualified, any
// case, occasionally with the DNS root dot), and callers ask by either form.

/** Canonical form of a hostname for comparison: trimmed, lower-case, without the DNS root's trailing dot. */
export function normalizeHostname(h: string): string {
  const name = h.trim().toLowerCase();
  // Only one dot: `host.` is the rooted spelling of `host`, but `host..` is malformed and should stay unequal.
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** The first DNS label of a hostname, normalized: `WS-0117.corp.example.com.` → `ws-0117`. */
export function shortHostname(h: string): string {
  return normalizeHostname(h).split('.', 1)[0] ?? '';
}
