/** Limits on what one GraphQL operation may ask for, the same over HTTP and WebSocket. */
export interface OperationLimits {
  /** Deepest field nesting (fragments flattened: a spread adds no level). */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** graphql-armor's cost: 2 per object, 1 per scalar, ×1.5 per level, × a literal first/last. */
  maxCost: number;
  /** Lexical tokens in the document (names, punctuation, values). */
  maxTokens: number;
  /** Directives in one operation. */
  maxDirectives: number;
}

/** The gateway's protections besides access control. */
export interface SecurityConfig extends OperationLimits {
  /** GraphQL requests (HTTP) and subscribe messages (WebSocket) per caller per minute; 0: no limit. */
  rateLimitPerMinute: number;
  /** Origins besides the gateway's own (its Host) allowed to open a WebSocket, e.g. https://wall.example.org. */
  allowedOrigins: string[];
}

/**
 * Defaults with room above the UI's own operations (deepest 6 levels, cost 304, 95 tokens and
 * 2 aliases when measured) and the per-minute polling of a few wall screens sharing one token.
 */
export const defaultSecurityConfig: SecurityConfig = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5000,
  maxTokens: 1000,
  maxDirectives: 20,
  rateLimitPerMinute: 600,
  allowedOrigins: [],
};

/** A security setting that cannot be used; the gateway refuses to start with it. */
export class SecurityConfigError extends Error {
  readonly code = 'TWIN_SECURITY_CONFIG_INVALID';
}

const limitVariables: Record<keyof OperationLimits | 'rateLimitPerMinute', string> = {
  maxDepth: 'TWIN_GRAPHQL_MAX_DEPTH',
  maxAliases: 'TWIN_GRAPHQL_MAX_ALIASES',
  maxCost: 'TWIN_GRAPHQL_MAX_COST',
  maxTokens: 'TWIN_GRAPHQL_MAX_TOKENS',
  maxDirectives: 'TWIN_GRAPHQL_MAX_DIRECTIVES',
  rateLimitPerMinute: 'TWIN_RATE_LIMIT_PER_MINUTE',
};

function parseCount(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new SecurityConfigError(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  }
  return value;
}

/** An origin as browsers send it (scheme://host[:port]), or an error naming the setting. */
function parseOrigin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SecurityConfigError(`${name}: "${raw}" is not an origin like https://host:port`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.origin !== raw.replace(/\/$/, '')
  ) {
    throw new SecurityConfigError(`${name}: "${raw}" is not an origin like https://host:port`);
  }
  return url.origin;
}

/**
 * The security settings: the defaults, overridden by the environment (TWIN_GRAPHQL_MAX_DEPTH,
 * _ALIASES, _COST, _TOKENS, _DIRECTIVES, TWIN_RATE_LIMIT_PER_MINUTE, TWIN_ALLOWED_ORIGINS
 * comma-separated), overridden by `overrides`. A malformed value throws SecurityConfigError.
 */
export function resolveSecurityConfig(
  env: Record<string, string | undefined>,
  overrides: Partial<SecurityConfig> = {},
): SecurityConfig {
  const config: SecurityConfig = { ...defaultSecurityConfig };
  for (const [key, name] of Object.entries(limitVariables) as [
    keyof typeof limitVariables,
    string,
  ][]) {
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== '') {
      config[key] = parseCount(name, raw, key === 'rateLimitPerMinute' ? 0 : 1);
    }
  }
  const origins = env.TWIN_ALLOWED_ORIGINS;
  if (origins !== undefined && origins.trim() !== '') {
    config.allowedOrigins = origins
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '')
      .map((origin) => parseOrigin('TWIN_ALLOWED_ORIGINS', origin));
  }
  const merged = { ...config, ...stripUndefined(overrides) };
  for (const [key, name] of Object.entries(limitVariables) as [
    keyof typeof limitVariables,
    string,
  ][]) {
    parseCount(name, String(merged[key]), key === 'rateLimitPerMinute' ? 0 : 1);
  }
  merged.allowedOrigins = merged.allowedOrigins.map((origin) =>
    parseOrigin('allowedOrigins', origin),
  );
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
