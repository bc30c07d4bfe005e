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
  return (
    text
      .replace(/\/\/[^/@\s"]*@/g, `//${REDACTED}@`)
      // A quote ends a value: inside a serialized log line a URL is a JSON string.
      .replace(/([?&])([^=&#\s"]+)=([^&#\s"]*)/g, (whole, sep: string, key: string) =>
        SENSITIVE_PARAMS.test(decodeKey(key)) ? `${sep}${key}=${REDACTED}` : whole,
      )
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
  /** Each secret as it appears inside a JSON string, where it differs (a quote or backslash in it). */
  private readonly escaped = new Set<string>();

  /** Registers a secret; values shorter than 6 characters are ignored to avoid scrubbing common words. */
  add(secret: string | undefined | null): void {
    if (!secret || secret.length < 6) return;
    this.secrets.add(secret);
    const inJson = JSON.stringify(secret).slice(1, -1);
    if (inJson !== secret) this.escaped.add(inJson);
  }

  /** Scrubs known secrets and credential URL parameters from a string. */
  redact(text: string): string {
    return this.withoutSecrets(redactUrl(text), this.secrets);
  }

  /**
   * Scrubs every string inside a JSON-like value, and the value of every key that names a
   * credential header (`authorization`, `cookie`, … at any depth), returning a copy (cycles are
   * cut). A value with nothing to scrub comes back as it is: this runs on every error sent.
   */
  redactDeep<T>(value: T, seen = new WeakSet<object>()): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]' as T;
    seen.add(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i += 1) {
        const inner = this.redactDeep(value[i], seen);
        if (inner === value[i]) continue;
        copy ??= value.slice();
        copy[i] = inner;
      }
      return (copy ?? value) as T;
    }
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { name: value.name, message: this.redact(value.message) };
      if (value.stack) copy.stack = this.redact(value.stack);
      for (const [key, inner] of Object.entries(value)) copy[key] = this.redactKey(key, inner, seen);
      if (value.cause !== undefined) copy.cause = this.redactDeep(value.cause, seen);
      return copy as T;
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const inner = record[key];
      const scrubbed = this.redactKey(key, inner, seen);
      if (scrubbed === inner) continue;
      copy ??= { ...record };
      copy[key] = scrubbed;
    }
    return (copy ?? value) as T;
  }

  /**
   * Scrubs one serialized JSON log line: registered secrets (also as JSON escapes them), credential
   * URL parameters and user-info, and the value of every credential key (`"authorization": …`,
   * string, array or flat object). The last line of defence before anything leaves the process: it
   * sees what a child logger's bindings, a serializer or an error's stack put into the line.
   */
  redactSerialized(line: string): string {
    // Runs on every line: the URL rules only where a URL credential could be (user-info needs an
    // `@`, a query parameter an `=`), which a request's line usually has neither of.
    const urls = line.includes('=') || line.includes('@') ? redactUrl(line) : line;
    return this.withoutSecrets(this.withoutSecrets(urls, this.secrets), this.escaped).replace(CREDENTIAL_MEMBER, `$1"${REDACTED}"`);
  }

  /** `text` with every occurrence of each of `secrets` replaced by `[REDACTED]`. */
  private withoutSecrets(text: string, secrets: ReadonlySet<string>): string {
    let out = text;
    for (const secret of secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  private redactKey(key: string, value: unknown, seen: WeakSet<object>): unknown {
    return CREDENTIAL_KEYS.has(key.toLowerCase()) && value !== undefined ? REDACTED : this.redactDeep(value, seen);
  }
}

/**
 * Keys whose values are credentials wherever they appear (a request's or an upstream call's
 * headers, a config object): a bearer token from a client is no registered secret, so it is
 * caught by where it sits rather than by what it is.
 */
const CREDENTIAL_KEYS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key']);

/** A JSON member named by one of {@link CREDENTIAL_KEYS}, with its string, array or flat-object value. */
const CREDENTIAL_MEMBER = new RegExp(
  `("(?:${[...CREDENTIAL_KEYS].join('|')})"\\s*:\\s*)(?:"(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\]|\\{[^}]*\\})`,
  'gi',
);
