/**
 * Credential redaction. OPSWAT's access token travels in the URL query, so every URL, message and
 * log line passes through here before it leaves the process.
 */

const REDACTED = '[REDACTED]';

/** Query parameters whose values are credentials wherever they appear. */
const SENSITIVE_PARAMS = /^(access_token|refresh_token|client_secret|token|api_key|apikey|key|password|secret)$/i;

/** Replaces credential query values and URL user-info with `[REDACTED]`; accepts absolute or relative URLs. */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  return text
    .replace(/\/\/[^/@\s]*@/, `//${REDACTED}@`)
    .replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (whole, sep: string, key: string) =>
      SENSITIVE_PARAMS.test(decodeKey(key)) ? `${sep}${key}=${REDACTED}` : whole,
    );
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/**
 * Knows every secret value this process holds (API key, client secret, each access token it is
 * issued) and scrubs them from any text or structure: a safety net under the logger and the
 * GraphQL error boundary, for the leaks no code review foresaw.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; values shorter than 6 characters are ignored to avoid scrubbing common words. */
  add(secret: string | undefined | null): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  /** Scrubs known secrets and credential URL parameters from a string. */
  redact(text: string): string {
    let out = redactUrl(text);
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** Scrubs every string inside a JSON-like value, returning a copy (cycles are cut). */
  redactDeep<T>(value: T, seen = new WeakSet<object>()): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]' as T;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item, seen)) as T;
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { name: value.name, message: this.redact(value.message) };
      if (value.stack) copy.stack = this.redact(value.stack);
      for (const [key, inner] of Object.entries(value)) copy[key] = this.redactDeep(inner, seen);
      if (value.cause !== undefined) copy.cause = this.redactDeep(value.cause, seen);
      return copy as T;
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = this.redactDeep(inner, seen);
    return out as T;
  }
}
