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

/** True when two hostnames name the same machine: equal once normalized, or a short name equal to an FQDN's first label. */
export function hostnamesMatch(a: string, b: string): boolean {
  const left = normalizeHostname(a);
  const right = normalizeHostname(b);
  // An empty name identifies nothing; matching it to another empty name would join unrelated records.
  if (left === '' || right === '') return false;
  if (left === right) return true;
  const leftIsShort = !left.includes('.');
  const rightIsShort = !right.includes('.');
  // Two FQDNs are compared whole: `a.corp.x` and `a.lab.x` are different machines in different domains.
  if (leftIsShort === rightIsShort) return false;
  return leftIsShort ? left === shortHostname(right) : right === shortHostname(left);
}
