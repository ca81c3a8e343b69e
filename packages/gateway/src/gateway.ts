import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { Db } from '@city-twin/db';
import {
  loadHotlineRules,
  loadWorkingCalendar,
  type HotlineRules,
  type WorkingCalendar,
} from '@city-twin/hotline';
import express from 'express';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Context } from './context.ts';
import { districtResolvers } from './districts/resolvers.ts';
import { createErrorFormatter } from './errors.ts';
import { checkHealth } from './health/health.ts';
import { healthResolvers } from './health/resolvers.ts';
import { createHotlineResolvers, localDateScalar } from './hotline/resolvers.ts';
import { ingestResolvers } from './ingest/resolvers.ts';
import { sensorResolvers } from './sensors/resolvers.ts';

/** Configuration of the gateway. */
export interface GatewayConfig {
  db: Db;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Folder of the built UI; served at / when it exists. */
  uiDir?: string;
  /** Shows unexpected error details and enables introspection. */
  development?: boolean;
  log?: (line: string) => void;
  /** 12345 scoring rules; default: HOTLINE_RULES_FILE, else the shipped rules. */
  hotlineRules?: HotlineRules;
  /** Working-day calendar; default: HOTLINE_CALENDAR_FILE, else the shipped schedule. */
  workingCalendar?: WorkingCalendar;
}

const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

const baseResolvers = [
  { DateTime: DateTimeResolver, JSON: JSONResolver, LocalDate: localDateScalar },
  districtResolvers,
  sensorResolvers,
  ingestResolvers,
  healthResolvers,
];

type Lifecycle =
  | { phase: 'idle' }
  | { phase: 'running'; server: Server; apollo: ApolloServer<Context>; url: string }
  | { phase: 'stopped' };

/** Creates the HTTP gateway: GraphQL at /graphql, /healthz, /readyz and the UI. */
export function createGateway(config: GatewayConfig) {
  const log = config.log ?? ((line: string) => console.log(`[gateway] ${line}`));
  let state: Lifecycle = { phase: 'idle' };
  const resolvers = [
    ...baseResolvers,
    createHotlineResolvers({
      rules: config.hotlineRules ?? loadHotlineRules(process.env.HOTLINE_RULES_FILE),
      calendar: config.workingCalendar ?? loadWorkingCalendar(process.env.HOTLINE_CALENDAR_FILE),
    }),
  ];

  return {
    /** Base URL once started, e.g. http://127.0.0.1:4000. */
    get url(): string {
      if (state.phase !== 'running') throw new Error('gateway is not running');
      return state.url;
    },
    async start(): Promise<string> {
      if (state.phase !== 'idle') throw new Error(`gateway cannot start in phase ${state.phase}`);
      const app = express();
      app.disable('x-powered-by');
      const server = createServer(app);
      const apollo = new ApolloServer<Context>({
        typeDefs,
        resolvers,
        introspection: config.development ?? false,
        includeStacktraceInErrorResponses: config.development ?? false,
        formatError: createErrorFormatter(config.development ?? false, log),
        plugins: [
          ApolloServerPluginDrainHttpServer({ httpServer: server }),
          // No @cacheControl hints here, and the plugin wraps every field resolver: a third of
          // the execution time of long lists. /graphql answers `no-store` itself instead.
          ApolloServerPluginCacheControlDisabled(),
        ],
      });
      await apollo.start();

      app.get('/healthz', async (_req, res) => {
        res.json(await checkHealth(config.db));
      });
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
        expressMiddleware(apollo, { context: async () => ({ db: config.db }) }),
      );
      if (config.uiDir && existsSync(path.join(config.uiDir, 'index.html'))) {
        const uiDir = path.resolve(config.uiDir);
        app.use(express.static(uiDir, { index: 'index.html', maxAge: '1h' }));
        app.get('/{*path}', (_req, res) => res.sendFile(path.join(uiDir, 'index.html')));
      } else if (config.uiDir) {
        log(`no built UI in ${config.uiDir}; run \`pnpm build\``);
      }

      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host ?? '127.0.0.1', () => resolve());
      });
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
    },
  };
}

/** A gateway instance. */
export type Gateway = ReturnType<typeof createGateway>;
