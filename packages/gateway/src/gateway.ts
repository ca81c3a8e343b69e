import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { loadAlertRules, type AlertRules } from '@city-twin/alerts';
import type { Db } from '@city-twin/db';
import {
  loadHotlineRules,
  loadWorkingCalendar,
  type HotlineRules,
  type WorkingCalendar,
} from '@city-twin/hotline';
import { makeExecutableSchema } from '@graphql-tools/schema';
import express from 'express';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { WebSocketServer } from 'ws';
import { createAlertFeed } from './alerts/alert-feed.ts';
import { createAlertResolvers } from './alerts/resolvers.ts';
import { createRuleSetStore } from './alerts/rule-set.ts';
import { applyPolicy, accessPartition } from './access/enforce.ts';
import { createAccessResolvers } from './access/resolvers.ts';
import { createSocketGuard } from './access/socket-guard.ts';
import { contextFor, createContext, type Context } from './context.ts';
import { districtResolvers } from './districts/resolvers.ts';
import { createErrorFormatter } from './errors.ts';
import { checkHealth } from './health/health.ts';
import { healthResolvers } from './health/resolvers.ts';
import { createHotlineResolvers, localDateScalar } from './hotline/resolvers.ts';
import { ingestResolvers } from './ingest/resolvers.ts';
import { createLiveFeed, createLiveResolvers } from './live/live-events.ts';
import { createGatewayMetrics } from './metrics/gateway-metrics.ts';
import { subscribeShared } from './live/shared-subscribe.ts';
import { useCoalescingServer } from './live/ws-server.ts';
import { createOperationGuard } from './security/operation-limits.ts';
import { createOriginCheck } from './security/origin-check.ts';
import { createRateLimiter, enforceRate } from './security/rate-limit.ts';
import { uiHeaders } from './security/ui-headers.ts';
import { resolveSecurityConfig, type SecurityConfig } from './security/security-config.ts';
import { withSubscribeGuard } from './security/subscribe-guard.ts';
import { createSensorResolvers } from './sensors/resolvers.ts';
import { createVideoResolvers } from './video/resolvers.ts';

/** Configuration of the gateway. */
export interface GatewayConfig {
  db: Db;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Folder of the built UI; served at / when it exists. */
  uiDir?: string;
  /** Shows unexpected error details and enables introspection and field suggestions. */
  development?: boolean;
  /** Operation limits, rate limit and WebSocket origins; default: TWIN_* variables, else the defaults. */
  security?: Partial<SecurityConfig>;
  log?: (line: string) => void;
  /** 12345 scoring rules; default: HOTLINE_RULES_FILE, else the shipped rules. */
  hotlineRules?: HotlineRules;
  /** Working-day calendar; default: HOTLINE_CALENDAR_FILE, else the shipped schedule. */
  workingCalendar?: WorkingCalendar;
  /** Alert rules (for Alert.rule, alertRules, reopening); default: ALERT_RULES_FILE, else the shipped rules. */
  alertRules?: AlertRules;
  /** How often each LISTEN connection proves it still hears its channel, ms (default 5000). */
  listenHeartbeatMs?: number;
}

const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

const baseResolvers = [
  { DateTime: DateTimeResolver, JSON: JSONResolver, LocalDate: localDateScalar },
  districtResolvers,
  ingestResolvers,
  healthResolvers,
];

type Lifecycle =
  | { phase: 'idle' }
  | { phase: 'running'; server: Server; apollo: ApolloServer<Context>; url: string }
  | { phase: 'stopped' };

/** Largest message a subscription client sends (subscribe, ping, complete). */
const MAX_WS_MESSAGE = 64 * 1024;
/** How long subscription sockets get to answer the close handshake on shutdown. */
const WS_CLOSE_GRACE_MS = 2_000;

/**
 * Creates the gateway: GraphQL at /graphql (queries and mutations over HTTP, subscriptions
 * over graphql-ws on the same path), /healthz, /readyz, /metrics (Prometheus) and the UI.
 */
export function createGateway(config: GatewayConfig) {
  const log = config.log ?? ((line: string) => console.log(`[gateway] ${line}`));
  const development = config.development ?? false;
  let state: Lifecycle = { phase: 'idle' };
  const feedOptions = { heartbeatMs: config.listenHeartbeatMs };
  const alertFeed = createAlertFeed(config.db, log, feedOptions);
  const liveFeed = createLiveFeed(config.db, log, feedOptions);
  const ruleSet = createRuleSetStore(
    config.alertRules ?? loadAlertRules(process.env.ALERT_RULES_FILE),
  );
  const schema = makeExecutableSchema<Context>({
    typeDefs,
    resolvers: [
      ...baseResolvers,
      createHotlineResolvers({
        rules: config.hotlineRules ?? loadHotlineRules(process.env.HOTLINE_RULES_FILE),
        calendar: config.workingCalendar ?? loadWorkingCalendar(process.env.HOTLINE_CALENDAR_FILE),
      }),
      createAlertResolvers({ ruleSet, feed: alertFeed }),
      createLiveResolvers(liveFeed),
      createSensorResolvers({ ruleSet }),
      createVideoResolvers(),
      createAccessResolvers(),
    ],
  });
  // Every root field checks the policy table (refuses to build when a field has no entry).
  applyPolicy(schema);
  const socketGuard = createSocketGuard(config.db, log);
  const formatError = createErrorFormatter(development, log);
  const security = resolveSecurityConfig(process.env, config.security);
  const operationGuard = createOperationGuard(security, development);
  const rateLimiter = createRateLimiter(security.rateLimitPerMinute);
  const subscribeChecks = { guard: operationGuard, limiter: rateLimiter, formatError };
  const metrics = createGatewayMetrics(config.db);
  metrics.sources.subscriptions = () => ({
    alertChanged: alertFeed.subscribers,
    liveEvents: liveFeed.subscribers,
  });
  metrics.sources.dropped = () => ({
    alertChanged: alertFeed.dropped,
    liveEvents: liveFeed.dropped,
  });
  metrics.sources.rateLimitCallers = () => rateLimiter.size;
  /** A subscription result with its errors masked like those of HTTP responses (none: as is). */
  const maskErrors = (result: ExecutionResult): FormattedExecutionResult | undefined =>
    result.errors?.length
      ? {
          ...result,
          errors: result.errors.map((error) =>
            formatError(error.toJSON(), error.originalError ?? error),
          ),
        }
      : undefined;

  return {
    /** Base URL once started, e.g. http://127.0.0.1:4000. */
    get url(): string {
      if (state.phase !== 'running') throw new Error('gateway is not running');
      return state.url;
    },
    /** Live subscriptions held by this instance. */
    get subscriptions(): { alertChanged: number; liveEvents: number } {
      return { alertChanged: alertFeed.subscribers, liveEvents: liveFeed.subscribers };
    },
    async start(): Promise<string> {
      if (state.phase !== 'idle') throw new Error(`gateway cannot start in phase ${state.phase}`);
      const app = express();
      app.disable('x-powered-by');
      app.use(metrics.middleware);
      const server = createServer(app);
      const wsServer = new WebSocketServer({
        server,
        path: '/graphql',
        maxPayload: MAX_WS_MESSAGE,
        // A foreign Origin gets 403 before any socket exists (cross-site WebSocket hijacking).
        verifyClient: createOriginCheck(security.allowedOrigins),
      });
      metrics.sources.sockets = () => wsServer.clients.size;
      const subscriptions = useCoalescingServer(
        // Limits, context and rate are checked in onSubscribe, before any resolver runs.
        withSubscribeGuard(subscribeChecks, {
          schema,
          // Without connection_init in time the socket is closed 4408; a missing or refused
          // token in its `authorization` closes it 4403, and so does the token's expiry.
          connectionInitWaitTimeout: 3_000,
          onConnect: async (ctx) =>
            Boolean(await socketGuard.admit(ctx.extra.socket, ctx.connectionParams?.authorization)),
          context: (ctx) => contextFor(config.db, socketGuard.viewerOf(ctx.extra.socket)),
          subscribe: (args) => subscribeShared(args, accessPartition),
          // Results and errors go through the same masking as over HTTP.
          onNext: (_ctx, _id, _payload, _args, result) => maskErrors(result),
        }),
        wsServer,
      );
      const apollo = new ApolloServer<Context>({
        schema,
        introspection: development,
        includeStacktraceInErrorResponses: development,
        formatError,
        // Apollo's defaults, stated: no batched requests, CSRF prevention on.
        allowBatchedHttpRequests: false,
        csrfPrevention: true,
        parseOptions: operationGuard.parseOptions,
        validationRules: operationGuard.validationRules,
        plugins: [
          ...operationGuard.plugins,
          ApolloServerPluginDrainHttpServer({ httpServer: server }),
          // Closes every subscription socket when the server stops.
          {
            async serverWillStart() {
              return {
                async drainServer() {
                  // A peer that never answers the close handshake would hold dispose for 30 s.
                  let timer: NodeJS.Timeout | undefined;
                  await Promise.race([
                    subscriptions.dispose(),
                    new Promise((resolve) => (timer = setTimeout(resolve, WS_CLOSE_GRACE_MS))),
                  ]);
                  clearTimeout(timer);
                  for (const socket of wsServer.clients) socket.terminate();
                },
              };
            },
          },
          // No @cacheControl hints here, and the plugin wraps every field resolver: a third of
          // the execution time of long lists. /graphql answers `no-store` itself instead.
          ApolloServerPluginCacheControlDisabled(),
        ],
      });
      await apollo.start();
      await Promise.all([alertFeed.start(), liveFeed.start(), socketGuard.start()]);

      app.get('/healthz', async (_req, res) => {
        res.json(await checkHealth(config.db));
      });
      // Prometheus metrics of this instance (docs/operations.md); no personal data.
      app.get('/metrics', metrics.handler);
      app.get('/readyz', async (_req, res) => {
        const health = await checkHealth(config.db);
        res.status(health.status === 'ok' ? 200 : 503).json(health);
      });
      app.use(
        '/graphql',
        (_req, res, next) => {
          res.setHeader('cache-control', 'no-store');
          next();
        },
        express.json({ limit: '256kb' }),
        expressMiddleware(apollo, {
          context: async ({ req }) =>
            enforceRate(
              rateLimiter,
              await createContext(config.db, req.headers),
              req.socket.remoteAddress,
            ),
        }),
      );
      if (config.uiDir && existsSync(path.join(config.uiDir, 'index.html'))) {
        const uiDir = path.resolve(config.uiDir);
        app.use(uiHeaders);
        // File names under assets/ carry their content hash: cached for good. index.html names
        // the current build's files, so it is checked on every load; a screen open across an
        // upgrade then finds the new build (see the twin-ui scene registry).
        app.use(
          '/assets',
          express.static(path.join(uiDir, 'assets'), { immutable: true, maxAge: '1y' }),
          // A chunk of another build is a 404, not index.html served as a script.
          (_req: express.Request, res: express.Response) => {
            res.status(404).type('text/plain').send('Not found');
          },
        );
        app.use(express.static(uiDir, { index: false, cacheControl: false }));
        app.get('/{*path}', (_req, res) => {
          res.setHeader('Cache-Control', 'no-cache');
          res.sendFile(path.join(uiDir, 'index.html'));
        });
      } else if (config.uiDir) {
        log(`no built UI in ${config.uiDir}; run \`pnpm build\``);
      }

      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.port, config.host ?? '127.0.0.1', () => resolve());
        });
      } catch (error) {
        state = { phase: 'stopped' };
        await apollo.stop();
        await Promise.all([alertFeed.stop(), liveFeed.stop(), socketGuard.stop()]);
        throw error;
      }
      const { port } = server.address() as AddressInfo;
      const host = config.host && config.host !== '0.0.0.0' ? config.host : '127.0.0.1';
      const url = `http://${host}:${port}`;
      state = { phase: 'running', server, apollo, url };
      return url;
    },
    async stop(): Promise<void> {
      if (state.phase !== 'running') return;
      const { apollo } = state;
      state = { phase: 'stopped' };
      await apollo.stop();
      await Promise.all([alertFeed.stop(), liveFeed.stop(), socketGuard.stop()]);
    },
  };
}

/** A gateway instance. */
export type Gateway = ReturnType<typeof createGateway>;
