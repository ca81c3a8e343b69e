import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './origin-check.ts';

const upgrade = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('WebSocket origin check', () => {
  it('allows its own origin, a listed one and clients without an Origin', () => {
    expect(
      isAllowedOrigin(upgrade({ host: 'twin.local:4000', origin: 'http://twin.local:4000' }), []),
    ).toBe(true);
    expect(
      isAllowedOrigin(upgrade({ host: 'twin.local:4000', origin: 'https://TWIN.local:4000' }), []),
    ).toBe(true);
    expect(isAllowedOrigin(upgrade({ host: 'twin.local:4000' }), [])).toBe(true);
    expect(
      isAllowedOrigin(upgrade({ host: '127.0.0.1:4000', origin: 'https://wall.example.org' }), [
        'https://wall.example.org',
      ]),
    ).toBe(true);
  });

  it('refuses a foreign, another port, a null or a malformed Origin', () => {
    const host = 'twin.local:4000';
    expect(isAllowedOrigin(upgrade({ host, origin: 'https://evil.example' }), [])).toBe(false);
    expect(isAllowedOrigin(upgrade({ host, origin: 'http://twin.local:5000' }), [])).toBe(false);
    expect(isAllowedOrigin(upgrade({ host, origin: 'null' }), [])).toBe(false);
    expect(isAllowedOrigin(upgrade({ host, origin: 'twin.local:4000' }), [])).toBe(false);
    expect(isAllowedOrigin(upgrade({ origin: 'http://twin.local:4000' }), [])).toBe(false);
  });
});
