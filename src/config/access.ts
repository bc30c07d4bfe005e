import { bool, host, str, url } from 'envalid';
import { boundedInt, ConfigError, nonNegativeInt, positiveInt, scopeName } from './validators.js';

/** Binding, operator surface and authentication. */
export interface AccessConfig {
  /** Address the GraphQL port binds to. */
  host: string;
  /** In production `/metrics` is served only here; null serves it on the GraphQL port (development). */
  metricsPort: number | null;
  /** Address the metrics port binds to (METRICS_HOST): loopback unless a scraper elsewhere is named. */
  metricsHost: string;
  auth: AuthConfig;
}

/** How requests are authenticated. */
export type AuthConfig =
  /** Every request is the anonymous caller (demo mode, or behind a router that authenticates). */
  | { kind: 'anonymous' }
  /**
   * Every /graphql request needs a bearer JWT signed by a key of `jwksUrl`, for `issuer` and
   * `audience`, with an `exp` at most `maxTokenLifetimeSeconds` after its `iat` (or now).
   * `_service { sdl }` needs `sdlScope` while introspection is off.
   */
  | { kind: 'jwt'; jwksUrl: string; issuer: string; audience: string; maxTokenLifetimeSeconds: number; sdlScope: string };

/** Limits every GraphQL document must keep before it runs (README, "Security"). */
export interface DocumentLimits {
  maxAliases: number;
  maxDepth: number;
  maxTokens: number;
  maxDirectives: number;
  /** Highest estimated cost (the schema's @cost / @listSize) a document may have. */
  maxCost: number;
  /** Policy-history pages (`policyRuns` / `policyRunResults` fields) one document may ask for. */
  maxPages: number;
  /** Sum of the estimated costs of the operations executing at once; more wait, then answer SERVER_BUSY. */
  maxInflightCost: number;
  /** Longest an operation waits for room to execute before SERVER_BUSY (GRAPHQL_ADMISSION_MAX_WAIT_MS). */
  admissionMaxWaitMs: number;
  /** Estimated memory the requests waiting for room may hold together, in bytes (GRAPHQL_ADMISSION_QUEUE_MB). */
  admissionQueueBytes: number;
  /** Field suggestions ("Did you mean …") in validation errors; off in production. */
  fieldSuggestions: boolean;
  /** Objects and arrays a request's variables may nest (GRAPHQL_MAX_VARIABLE_DEPTH). */
  maxVariableDepth: number;
  /** Values a request's variables may hold, containers included (GRAPHQL_MAX_VARIABLE_VALUES). */
  maxVariableValues: number;
}

/** The variables of access and abuse (README, "Security"), with their validators, defaults and examples. */
export const ACCESS_SPECS = {
  HOST: host({ default: '0.0.0.0', example: '127.0.0.1' }),
  METRICS_PORT: nonNegativeInt({ default: 9464, example: '9464' }),
  // Not HOST's 0.0.0.0: /metrics is unauthenticated and tells the fleet's size and the budget's state.
  METRICS_HOST: host({ default: '127.0.0.1', example: '0.0.0.0' }),
  AUTH_JWKS_URL: url({ default: undefined, example: 'https://idp.example.com/.well-known/jwks.json' }),
  AUTH_ISSUER: str({ default: '', example: 'https://idp.example.com/' }),
  AUTH_AUDIENCE: str({ default: '', example: 'posture-graph' }),
  AUTH_ALLOW_ANONYMOUS: bool({ default: false, example: 'true' }),
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: positiveInt({ default: 86_400, example: '3600' }),
  AUTH_SDL_SCOPE: scopeName({ default: 'posture:schema', example: 'posture:schema' }),
  GRAPHQL_MAX_ALIASES: positiveInt({ default: 30, example: '30' }),
  GRAPHQL_MAX_DEPTH: positiveInt({ default: 12, example: '12' }),
  GRAPHQL_MAX_TOKENS: positiveInt({ default: 2000, example: '2000' }),
  GRAPHQL_MAX_DIRECTIVES: positiveInt({ default: 20, example: '20' }),
  GRAPHQL_MAX_COST: positiveInt({ default: 50_000, example: '50000' }),
  GRAPHQL_MAX_PAGES: positiveInt({ default: 5, example: '5' }),
  GRAPHQL_MAX_INFLIGHT_COST: positiveInt({ default: 200_000, example: '200000' }),
  GRAPHQL_ADMISSION_MAX_WAIT_MS: boundedInt(1, 120_000)({ default: 10_000, example: '10000' }),
  GRAPHQL_ADMISSION_QUEUE_MB: boundedInt(1, 4096)({ default: 64, example: '64' }),
  GRAPHQL_MAX_VARIABLE_DEPTH: positiveInt({ default: 32, example: '32' }),
  GRAPHQL_MAX_VARIABLE_VALUES: positiveInt({ default: 50_000, example: '50000' }),
};

/** The document limits, from the validated variables; field suggestions only outside production. */
export function documentLimits(
  clean: {
    GRAPHQL_MAX_ALIASES: number;
    GRAPHQL_MAX_DEPTH: number;
    GRAPHQL_MAX_TOKENS: number;
    GRAPHQL_MAX_DIRECTIVES: number;
    GRAPHQL_MAX_COST: number;
    GRAPHQL_MAX_PAGES: number;
    GRAPHQL_MAX_INFLIGHT_COST: number;
    GRAPHQL_ADMISSION_MAX_WAIT_MS: number;
    GRAPHQL_ADMISSION_QUEUE_MB: number;
    GRAPHQL_MAX_VARIABLE_DEPTH: number;
    GRAPHQL_MAX_VARIABLE_VALUES: number;
  },
  production: boolean,
): DocumentLimits {
  return {
    maxAliases: clean.GRAPHQL_MAX_ALIASES,
    maxDepth: clean.GRAPHQL_MAX_DEPTH,
    maxTokens: clean.GRAPHQL_MAX_TOKENS,
    maxDirectives: clean.GRAPHQL_MAX_DIRECTIVES,
    maxCost: clean.GRAPHQL_MAX_COST,
    maxPages: clean.GRAPHQL_MAX_PAGES,
    maxInflightCost: clean.GRAPHQL_MAX_INFLIGHT_COST,
    admissionMaxWaitMs: clean.GRAPHQL_ADMISSION_MAX_WAIT_MS,
    admissionQueueBytes: clean.GRAPHQL_ADMISSION_QUEUE_MB * 1024 * 1024,
    fieldSuggestions: !production,
    maxVariableDepth: clean.GRAPHQL_MAX_VARIABLE_DEPTH,
    maxVariableValues: clean.GRAPHQL_MAX_VARIABLE_VALUES,
  };
}

/**
 * Authentication is all or nothing: the JWKS, issuer and audience come together. Production
 * refuses to run open by accident; a subgraph that only a router reaches (and the router
 * authenticates) says so with AUTH_ALLOW_ANONYMOUS=true.
 */
export function accessConfig(
  env: NodeJS.ProcessEnv,
  clean: {
    HOST: string;
    METRICS_PORT: number;
    METRICS_HOST: string;
    AUTH_JWKS_URL?: string;
    AUTH_ISSUER: string;
    AUTH_AUDIENCE: string;
    AUTH_ALLOW_ANONYMOUS: boolean;
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: number;
    AUTH_SDL_SCOPE: string;
  },
  production: boolean,
): AccessConfig {
  const base = { host: clean.HOST, metricsPort: production ? clean.METRICS_PORT : null, metricsHost: clean.METRICS_HOST };
  if (!clean.AUTH_JWKS_URL) {
    const stray = ['AUTH_ISSUER', 'AUTH_AUDIENCE'].find((name) => env[name]);
    if (stray)
      throw new ConfigError(
        `Invalid configuration: AUTH_JWKS_URL is required when ${stray} is set (authentication needs the JWKS, issuer and audience together)`,
      );
    if (production && !clean.AUTH_ALLOW_ANONYMOUS) {
      throw new ConfigError(
        'Invalid configuration: AUTH_JWKS_URL is required when NODE_ENV=production (set AUTH_JWKS_URL with AUTH_ISSUER and AUTH_AUDIENCE, or AUTH_ALLOW_ANONYMOUS=true for a subgraph only a router reaches)',
      );
    }
    return { ...base, auth: { kind: 'anonymous' } };
  }
  const missing = (['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const).find((name) => !clean[name]);
  if (missing) {
    throw new ConfigError(
      `Invalid configuration: ${missing} is required when AUTH_JWKS_URL is set (for example ${missing}=${ACCESS_SPECS[missing].example})`,
    );
  }
  return {
    ...base,
    auth: {
      kind: 'jwt',
      jwksUrl: clean.AUTH_JWKS_URL,
      issuer: clean.AUTH_ISSUER,
      audience: clean.AUTH_AUDIENCE,
      maxTokenLifetimeSeconds: clean.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
      sdlScope: clean.AUTH_SDL_SCOPE,
    },
  };
}
