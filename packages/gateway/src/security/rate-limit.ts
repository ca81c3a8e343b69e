import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { graphql } from './graphql-instance.ts';

/** Who a request counts against: the signed-in user or wall screen, else the remote address. */
export interface Caller {
  viewer?: { username: string; screen?: string | null } | null;
}

/** The bucket key of a caller. */
export function callerKey(caller: Caller, remoteAddress: string | undefined): string {
  const viewer = caller.viewer;
  if (viewer?.screen) return `screen:${viewer.screen}`;
  if (viewer?.username) return `user:${viewer.username}`;
  return `address:${remoteAddress ?? 'unknown'}`;
}

/** What a caller gets for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept before idle full ones are dropped (they would allow the same as a new one). */
const PRUNE_ABOVE = 10_000;

/**
 * A token bucket per caller: `perMinute` requests at once, refilled at `perMinute` a minute.
 * In-process: each gateway instance counts on its own. `perMinute` 0 allows everything.
 */
export function createRateLimiter(perMinute: number, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  const refill = (bucket: Bucket, at: number) => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.updatedAt) * perMs);
    bucket.updatedAt = at;
  };
  const prune = (at: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= perMinute) buckets.delete(key);
    }
  };

  return {
    /** Takes one request from `key`'s bucket, or says how long until one is there. */
    take(key: string): RateDecision {
      if (perMinute === 0) return { allowed: true };
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= PRUNE_ABOVE) prune(at);
        bucket = { tokens: perMinute, updatedAt: at };
        buckets.set(key, bucket);
      } else {
        refill(bucket, at);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
      };
    },
    /** Callers with a bucket (for tests and metrics). */
    get size(): number {
      return buckets.size;
    },
  };
}

/** A rate limiter. */
export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** The refusal: code RATE_LIMITED, HTTP 429 with Retry-After when it ends an HTTP request. */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new graphql.GraphQLError(`Too many requests; retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/** Counts one request of `caller`; throws RATE_LIMITED when its bucket is empty. */
export function enforceRate<C extends Caller>(
  limiter: RateLimiter,
  caller: C,
  remoteAddress: string | undefined,
): C {
  const decision = limiter.take(callerKey(caller, remoteAddress));
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
  return caller;
}
