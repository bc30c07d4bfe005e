import { readFileSync } from 'node:fs';
import { makeValidator } from 'envalid';
import { isUuid } from '../common/index.js';

/** A configuration problem, phrased as one line naming the variable, the problem and a good example. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A whole number ≥ 1. */
export const positiveInt = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value < 1) throw new Error(`must be a positive integer, got "${input}"`);
  return value;
});

/** A whole number ≥ 0. */
export const nonNegativeInt = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value < 0) throw new Error(`must be a non-negative integer, got "${input}"`);
  return value;
});

/** A whole number from `min` to `max`, inclusive. */
export function boundedInt(min: number, max: number) {
  return makeValidator<number>((input) => {
    const value = Number(input);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`must be a whole number from ${min} to ${max}, got "${input}"`);
    return value;
  });
}

/** A size in bytes from 16 KiB to 64 MiB: a buffer bound small enough to matter, large enough for one event. */
export const byteSize = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value < 16_384 || value > 67_108_864) {
    throw new Error(`must be a whole number of bytes from 16384 to 67108864, got "${input}"`);
  }
  return value;
});

/** A share strictly between 0 and 1 (a fraction of a budget). */
export const share = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isFinite(value) || value <= 0 || value >= 1) throw new Error(`must be a number between 0 and 1, exclusive, got "${input}"`);
  return value;
});

/** A shared secret others present to us: long enough not to be guessed (16+ characters), printable, no spaces. */
export const secretKey = makeValidator<string>((input) => {
  if (!/^[\x21-\x7e]{16,512}$/.test(input)) {
    throw new Error('must be 16 to 512 printable characters without spaces (the value is not shown)');
  }
  return input;
});

/** One OAuth scope: printable ASCII without spaces (RFC 6749 §3.3), as a token's `scope` claim lists it. */
export const scopeName = makeValidator<string>((input) => {
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(input)) throw new Error(`must be one scope (printable, no spaces or quotes), got "${input}"`);
  return input;
});

/**
 * Comma-separated `host:port` seeds of a Redis Cluster (any reachable node finds the rest). Host
 * is a name, an IPv4 address or a bracketed IPv6 one; no scheme, no credentials.
 */
export const hostPortList = makeValidator<readonly string[]>((input) => {
  const seeds = input.split(',').map((seed) => seed.trim());
  const bad = seeds.find((seed) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(seed);
    return !match || Number(match[2]) < 1 || Number(match[2]) > 65535;
  });
  if (bad !== undefined)
    throw new Error(`must be comma-separated host:port seeds, got "${input}" (${bad === '' ? 'an empty entry' : `"${bad}"`})`);
  return seeds;
});

/** A UUID, lower-cased. */
export const uuid = makeValidator<string>((input) => {
  if (!isUuid(input)) {
    throw new Error(`must be a UUID, got "${input}"`);
  }
  return input.toLowerCase();
});

/**
 * Reads a trusted-documents manifest: GraphQL Code Generator's persisted-documents.json (`{ "sha256:<hex>":
 * "query …" }`) or Apollo's persisted query manifest (`{ "format": "apollo-persisted-query-manifest",
 * "operations": [{ "id", "body" }] }`). Throws saying what is wrong with it.
 */
export function readDocumentsManifest(input: string): ReadonlyMap<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(input, 'utf8'));
  } catch (error) {
    throw new Error(`must name a readable JSON manifest, got "${input}" (${(error as Error).message.split('\n')[0]})`);
  }
  const apollo = manifest as { format?: unknown; operations?: Array<{ id?: unknown; body?: unknown }> };
  const entries: Array<[unknown, unknown]> =
    apollo?.format === 'apollo-persisted-query-manifest' && Array.isArray(apollo.operations)
      ? apollo.operations.map((operation) => [operation?.id, operation?.body])
      : typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest)
        ? Object.entries(manifest)
        : [];
  const documents = new Map(
    entries.filter((entry): entry is [string, string] => typeof entry[0] === 'string' && typeof entry[1] === 'string'),
  );
  if (documents.size === 0 || documents.size !== entries.length) {
    throw new Error(`must be a persisted-documents manifest mapping ids to documents, got "${input}"`);
  }
  return documents;
}

/** TRUSTED_DOCUMENTS: a manifest ({@link readDocumentsManifest}), read once at start. */
export const trustedDocumentsFile = makeValidator<ReadonlyMap<string, string>>(readDocumentsManifest);
