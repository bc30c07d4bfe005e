/**
 * Identifiers that end up inside an OPSWAT URL path (`/devices/{value}/policy_check`). Each kind
 * has its own alphabet; anything that could change which path the request reaches (a dot
 * segment, a slash, a percent-encoded one, a control character) is refused before any call.
 */
import { BadUserInputError } from '../common/index.js';
import { normalizeMac } from '../inventory/index.js';
import type { IdentifierKind } from './opswat.types.js';

/** An identifier, validated and normalized for its kind. */
export interface ValidIdentifier {
  identifier: string;
  kind: IdentifierKind;
}

/** OPSWAT device ids are alphanumeric (`KZ60M9CW7L1L218D`, 32 hex digits); `_` and `-` are tolerated. */
const HWID = /^[A-Za-z0-9_-]{1,128}$/;
/** 802.11 caps an SSID at 32 octets. */
const SSID_MAX_BYTES = 32;
/** C0/C1 controls, DEL, and the Unicode line/paragraph separators: never part of a printable SSID. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/**
 * `/` and `\` split a path (some servers treat `\` as `/`); `%` followed by two hex digits is an
 * encoding a proxy might decode into one of them or a dot. Legal SSID bytes, but no real SSID
 * needs them badly enough to risk asking OPSWAT for another path.
 */
const PATH_SYNTAX = /[/\\]|%[0-9A-Fa-f]{2}/;

const refuse = (message: string): never => {
  throw new BadUserInputError(message, 'identifier');
};

/** Validates an identifier for its kind (MAC normalized to aa:bb:cc:dd:ee:ff); throws BAD_USER_INPUT. */
export function validateLookupIdentifier(identifier: string, kind: IdentifierKind): ValidIdentifier {
  switch (kind) {
    case 'MAC_ADDRESS': {
      const mac = normalizeMac(identifier);
      if (!mac) refuse(`identifier must be a MAC address such as aa:bb:cc:dd:ee:ff, got "${printable(identifier)}"`);
      return { identifier: mac as string, kind };
    }
    case 'HWID':
    case 'OPSWAT_DEVICE_ID': {
      const hwid = identifier.trim();
      if (!HWID.test(hwid)) refuse(`identifier must be 1 to 128 letters, digits, "_" or "-" for ${kind}, such as KZ60M9CW7L1L218D`);
      return { identifier: hwid, kind };
    }
    case 'SSID': {
      const bytes = Buffer.byteLength(identifier, 'utf8');
      if (bytes < 1 || bytes > SSID_MAX_BYTES) refuse(`identifier must be 1 to ${SSID_MAX_BYTES} bytes for SSID, got ${bytes}`);
      if (CONTROL.test(identifier)) refuse('identifier must not contain control characters');
      if (identifier === '.' || identifier === '..') refuse('identifier must not be "." or ".." for SSID');
      if (PATH_SYNTAX.test(identifier)) refuse('identifier must not contain "/", "\\" or percent-encoded characters for SSID');
      return { identifier, kind };
    }
    default:
      return assertNever(kind);
  }
}

/**
 * One URL path segment for a validated identifier. Colons stay literal for MACs because OPSWAT
 * matches them as `aa:bb:…`; everything else is percent-encoded. A dot segment never gets here
 * (validation refuses it), and is refused again in case a caller skipped validation.
 */
export function identifierPathSegment(identifier: string, kind: IdentifierKind): string {
  if (identifier === '' || identifier === '.' || identifier === '..') refuse('identifier must not be empty, "." or ".."');
  const encoded = encodeURIComponent(identifier);
  return kind === 'MAC_ADDRESS' ? encoded.replace(/%3A/gi, ':') : encoded;
}

/** Control characters echoed back in a message would be confusing at best. */
function printable(text: string): string {
  return text.replace(new RegExp(CONTROL.source, 'gu'), '?').slice(0, 64);
}

function assertNever(kind: never): never {
  throw new TypeError(`unknown identifier kind ${String(kind)}`);
}
