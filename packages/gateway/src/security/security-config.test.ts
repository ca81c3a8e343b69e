import { describe, expect, it } from 'vitest';
import { defaultSecurityConfig, resolveSecurityConfig } from './security-config.ts';

describe('security settings', () => {
  it('takes the defaults, then the environment, then explicit overrides', () => {
    expect(resolveSecurityConfig({})).toEqual(defaultSecurityConfig);
    const config = resolveSecurityConfig(
      {
        TWIN_GRAPHQL_MAX_DEPTH: '12',
        TWIN_RATE_LIMIT_PER_MINUTE: '0',
        TWIN_ALLOWED_ORIGINS: 'https://wall.example.org, http://10.0.0.5:8080/',
      },
      { maxDepth: 4, maxCost: undefined },
    );
    expect(config.maxDepth).toBe(4);
    expect(config.maxCost).toBe(defaultSecurityConfig.maxCost);
    expect(config.rateLimitPerMinute).toBe(0);
    expect(config.allowedOrigins).toEqual(['https://wall.example.org', 'http://10.0.0.5:8080']);
  });

  it('refuses malformed values with a coded error naming the variable', () => {
    for (const env of [
      { TWIN_GRAPHQL_MAX_DEPTH: 'ten' },
      { TWIN_GRAPHQL_MAX_DEPTH: '0' },
      { TWIN_GRAPHQL_MAX_TOKENS: '1.5' },
      { TWIN_RATE_LIMIT_PER_MINUTE: '-1' },
      { TWIN_ALLOWED_ORIGINS: 'wall.example.org' },
      { TWIN_ALLOWED_ORIGINS: 'https://wall.example.org/screen' },
    ]) {
      expect(() => resolveSecurityConfig(env)).toThrow(
        expect.objectContaining({ code: 'TWIN_SECURITY_CONFIG_INVALID' }),
      );
    }
    expect(() => resolveSecurityConfig({}, { maxAliases: -3 })).toThrow(/TWIN_GRAPHQL_MAX_ALIASES/);
  });
});
