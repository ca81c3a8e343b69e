import type { Db, PoolUsage } from '@city-twin/db';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Live subscriptions by root field. */
type ByField = { alertChanged: number; liveEvents: number };

const none: ByField = { alertChanged: 0, liveEvents: 0 };

function routeOf(path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return 'graphql';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return path.slice(1);
  return 'ui';
}

/**
 * Prometheus metrics of one gateway instance (served at /metrics): HTTP requests by route and
 * status, subscription sockets and subscriptions, live events dropped for slow subscribers,
 * database pool usage and rate-limit buckets. Everything here is per instance.
 */
export function createGatewayMetrics(db: Db) {
  const registry = new Registry();
  // Read at scrape time; the gateway points them at its server and feeds once started.
  const sources = {
    sockets: () => 0,
    subscriptions: (): ByField => none,
    dropped: (): ByField => none,
    rateLimitCallers: () => 0,
    pool: (): PoolUsage => db.poolUsage(),
  };
  collectDefaultMetrics({ register: registry, prefix: 'twin_gateway_' });
  const requests = new Counter({
    name: 'twin_gateway_http_requests_total',
    help: 'HTTP requests answered, by route (graphql, healthz, readyz, metrics, ui) and status code',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'twin_gateway_http_request_seconds',
    help: 'Time to answer an HTTP request, by route',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'twin_gateway_ws_sockets',
    help: 'Open graphql-ws sockets',
    registers: [registry],
    collect() {
      this.set(sources.sockets());
    },
  });
  new Gauge({
    name: 'twin_gateway_subscriptions',
    help: 'Live subscriptions, by root field',
    labelNames: ['field'] as const,
    registers: [registry],
    collect() {
      for (const [field, n] of Object.entries(sources.subscriptions())) this.set({ field }, n);
    },
  });
  const seenDropped: ByField = { ...none };
  new Counter({
    name: 'twin_gateway_live_dropped_total',
    help: 'Live events dropped for subscribers too slow to take them, by root field',
    labelNames: ['field'] as const,
    registers: [registry],
    collect() {
      for (const [field, n] of Object.entries(sources.dropped()) as [keyof ByField, number][]) {
        // The feeds count since their start; the counter takes the difference.
        this.inc({ field }, Math.max(0, n - seenDropped[field]));
        seenDropped[field] = Math.max(seenDropped[field], n);
      }
    },
  });
  new Gauge({
    name: 'twin_gateway_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting callers, max)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const usage = sources.pool();
      for (const state of ['total', 'idle', 'waiting', 'max'] as const)
        this.set({ state }, usage[state]);
    },
  });
  new Gauge({
    name: 'twin_gateway_rate_limit_callers',
    help: 'Callers with a rate-limit bucket on this instance',
    registers: [registry],
    collect() {
      this.set(sources.rateLimitCallers());
    },
  });

  /** Counts and times every HTTP request when its response is finished. */
  const middleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    // Read now: mounted routers rewrite req.url while they run.
    const route = routeOf(req.path);
    res.once('finish', () => {
      requests.inc({ route, status: String(res.statusCode) });
      requestSeconds.observe({ route }, (performance.now() - started) / 1000);
    });
    next();
  };

  return {
    registry,
    sources,
    middleware,
    /** The /metrics handler. */
    handler: (async (_req, res) => {
      try {
        res.type(registry.contentType).send(await registry.metrics());
      } catch (error) {
        res.status(500).send(String(error));
      }
    }) satisfies RequestHandler,
  };
}

/** The metrics of a gateway instance. */
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
