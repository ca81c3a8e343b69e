import type { AlertRule } from '@city-twin/alerts';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import { badInput, notFound } from '../errors.ts';
import {
  decodeCursor,
  encodeCursor,
  isMicrosIso,
  parseFirst,
  toConnection,
} from '../pagination.ts';
import type { AlertChangeEvent, AlertFeed } from './alert-feed.ts';
import { changeAlert, changeIncident, type HandlingChange } from './mutations.ts';
import {
  alertsOfIncidents,
  findAlerts,
  findIncidents,
  listAlerts,
  listIncidents,
  logOf,
  type AlertListFilter,
  type AlertRow,
  type IncidentRow,
  type ListKey,
} from './queries.ts';
import type { HandlingAction } from './transitions.ts';
import { type RuleSetStore, type RulesInForce, type VersionWithDiff } from './rule-set.ts';

/** What the alerts API needs besides the database. */
export interface AlertApiOptions {
  /** The rule set in force (the file's rules stand in until a version is stored). */
  ruleSet: RuleSetStore;
  feed: AlertFeed;
}

const MAX_NOTE = 2000;
const MAX_ASSIGNEE = 64;
const idPattern = /^[1-9]\d{0,17}$/;

/** An alert or incident id as stored (bigint), or null for anything that cannot be one. */
const parseId = (id: string): string | null => (idPattern.test(id) ? id : null);

function parseSeverity(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 4) {
    throw badInput(`minSeverity must be between 1 and 4, got ${value}`);
  }
  return value;
}

function parseNote(note: string | null | undefined): string | null {
  if (note === null || note === undefined || note.trim() === '') return null;
  const length = [...note].length;
  if (length > MAX_NOTE) throw badInput(`a note is at most ${MAX_NOTE} characters, got ${length}`);
  return note;
}

function parseAssignee(assignee: string | null | undefined): string | null {
  const name = assignee?.trim() ?? '';
  if (name === '') return null;
  if ([...name].length > MAX_ASSIGNEE) {
    throw badInput(`an assignee is at most ${MAX_ASSIGNEE} characters`);
  }
  return name;
}

function parseListKey(cursor: string, tag: string): ListKey {
  const [key, id, ...rest] = decodeCursor(cursor, tag);
  if (rest.length > 0 || !isMicrosIso(key) || typeof id !== 'string' || !idPattern.test(id)) {
    throw badInput('after is not a cursor of this list');
  }
  return { key, id };
}

interface ListArgs {
  status?: string[] | null;
  minSeverity?: number | null;
  from?: Date | null;
  to?: Date | null;
  district?: string | null;
  source?: string[] | null;
  openAt?: Date | null;
  first?: number | null;
  after?: string | null;
}

function parseFilter(args: ListArgs): AlertListFilter {
  if (args.from && args.to && args.to.getTime() <= args.from.getTime()) {
    throw badInput('to must be after from');
  }
  return {
    // An empty list narrows nothing, like an absent one.
    statuses: args.status?.length ? args.status : null,
    minSeverity: parseSeverity(args.minSeverity),
    from: args.from ?? null,
    to: args.to ?? null,
    district: args.district ?? null,
    sources: args.source?.length ? args.source : null,
    openAt: args.openAt ?? null,
  };
}

/** Loads by id, one query for every id asked for in the same turn of the event loop. */
function createLoader<V>(fetch: (ids: string[]) => Promise<Map<string, V>>) {
  let batch: { ids: Set<string>; result: Promise<Map<string, V>> } | null = null;
  return (id: string): Promise<V | undefined> => {
    if (!batch) {
      const ids = new Set<string>();
      const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        batch = null;
        return fetch([...ids]);
      });
      batch = { ids, result };
    }
    batch.ids.add(id);
    return batch.result.then((rows) => rows.get(id));
  };
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Per request: related rows batched by id. */
function createLoaders(context: Context) {
  const { db } = context;
  return {
    alertLog: createLoader(async (ids) =>
      groupBy(await logOf(db, 'alert', ids), (r) => r.entityId),
    ),
    incidentLog: createLoader(async (ids) =>
      groupBy(await logOf(db, 'incident', ids), (r) => r.entityId),
    ),
    incident: createLoader(
      async (ids) => new Map((await findIncidents(db, ids)).map((r) => [r.id, r])),
    ),
    incidentAlerts: createLoader(async (ids) =>
      groupBy(await alertsOfIncidents(db, ids), (r) => r.incidentId ?? ''),
    ),
  };
}

const loaders = new WeakMap<Context, ReturnType<typeof createLoaders>>();

function loadersOf(context: Context) {
  let found = loaders.get(context);
  if (!found) {
    found = createLoaders(context);
    loaders.set(context, found);
  }
  return found;
}

// A subscription event's alert is one object shared by every subscriber: what its fields
// load is loaded once for all of them, not once per subscriber.
const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

function memo<T>(row: object, field: string, load: () => Promise<T>): Promise<T> {
  let fields = memos.get(row);
  if (!fields) {
    fields = new Map();
    memos.set(row, fields);
  }
  let value = fields.get(field) as Promise<T> | undefined;
  if (!value) {
    value = load();
    fields.set(field, value);
  }
  return value;
}

/** Resolvers of alerts, incidents, their mutations and the alertChanged subscription. */
export function createAlertResolvers({ ruleSet: store, feed }: AlertApiOptions) {
  // The rules in force, looked up once per operation (per event for subscriptions, whose
  // alert row every subscriber shares).
  const inForceByContext = new WeakMap<Context, Promise<RulesInForce>>();
  const inForce = (context: Context, row?: object, info?: GraphQLResolveInfo) => {
    if (row && info?.operation.operation === 'subscription')
      return memo(row, 'rulesInForce', () => store.current(context.db));
    let found = inForceByContext.get(context);
    if (!found) {
      found = store.current(context.db);
      found.catch(() => inForceByContext.delete(context));
      inForceByContext.set(context, found);
    }
    return found;
  };
  const toRule = (rule: AlertRule) => ({
    id: rule.id,
    kind: rule.kind,
    name: rule.name.zh,
    nameEn: rule.name.en,
    severity: rule.severity,
    ackWithinMinutes: rule.ackWithinMinutes,
    config: rule,
  });
  const toVersion = ({ row, diff }: VersionWithDiff) => ({
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    note: row.note,
    action: row.change.action ?? 'saved',
    ruleId: row.change.ruleId ?? null,
    changes: diff,
    rules: row.rules.rules.map((rule) => toRule(rule as AlertRule)),
  });

  const alertMutation =
    (action: HandlingAction) =>
    async (
      _: unknown,
      args: { id: string; note?: string | null; assignee?: string | null },
      context: Context,
    ) => {
      const { db, user } = context;
      const change: HandlingChange = { action, actor: user, note: parseNote(args.note) };
      if (action === 'assigned') change.assignee = parseAssignee(args.assignee);
      const id = parseId(args.id);
      if (id === null) throw notFound(`no alert ${args.id.slice(0, 40)}`);
      const { byId } = await inForce(context);
      return changeAlert(db, id, change, (ruleId) => byId.get(ruleId)?.ackWithinMinutes ?? null);
    };

  const incidentMutation =
    (action: HandlingAction) =>
    (
      _: unknown,
      args: { id: string; note?: string | null; assignee?: string | null },
      { db, user }: Context,
    ) => {
      const change: HandlingChange = { action, actor: user, note: parseNote(args.note) };
      if (action === 'assigned') change.assignee = parseAssignee(args.assignee);
      const id = parseId(args.id);
      if (id === null) throw notFound(`no incident ${args.id.slice(0, 40)}`);
      return changeIncident(db, id, change);
    };

  return {
    Query: {
      alerts: async (_: unknown, args: ListArgs, { db }: Context) => {
        const first = parseFirst(args.first, 50);
        const filter = parseFilter(args);
        const after = args.after ? parseListKey(args.after, 'a') : null;
        const rows = await listAlerts(db, filter, first + 1, after);
        return toConnection(rows, first, (a) => encodeCursor(['a', a.openedKey, a.id]));
      },
      alert: async (_: unknown, args: { id: string }, { db }: Context) => {
        const id = parseId(args.id);
        return id === null ? null : ((await findAlerts(db, [id]))[0] ?? null);
      },
      incidents: async (_: unknown, args: ListArgs, { db }: Context) => {
        const first = parseFirst(args.first, 50);
        const filter = parseFilter(args);
        const after = args.after ? parseListKey(args.after, 'i') : null;
        const rows = await listIncidents(db, filter, first + 1, after);
        return toConnection(rows, first, (i) => encodeCursor(['i', i.activityKey, i.id]));
      },
      incident: async (_: unknown, args: { id: string }, { db }: Context) => {
        const id = parseId(args.id);
        return id === null ? null : ((await findIncidents(db, [id]))[0] ?? null);
      },
      alertRules: async (_: unknown, _args: unknown, context: Context) =>
        (await inForce(context)).rules.rules.map(toRule),
      alertRuleHistory: async (_: unknown, args: { first?: number | null }, { db }: Context) =>
        (await store.history(db, parseFirst(args.first, 20))).map(toVersion),
    },

    Mutation: {
      acknowledgeAlert: alertMutation('acknowledged'),
      resolveAlert: alertMutation('resolved'),
      reopenAlert: alertMutation('reopened'),
      assignAlert: alertMutation('assigned'),
      acknowledgeIncident: incidentMutation('acknowledged'),
      resolveIncident: incidentMutation('resolved'),
      reopenIncident: incidentMutation('reopened'),
      assignIncident: incidentMutation('assigned'),
      saveAlertRule: async (
        _: unknown,
        args: { rule: unknown; note: string },
        { db, user }: Context,
      ) => {
        return toVersion(await store.save(db, user, args.rule, args.note));
      },
      deleteAlertRule: async (
        _: unknown,
        args: { id: string; note: string },
        { db, user }: Context,
      ) => {
        return toVersion(await store.remove(db, user, args.id, args.note));
      },
    },

    Subscription: {
      alertChanged: {
        subscribe: (_: unknown, args: { minSeverity?: number | null }) =>
          feed.subscribe(parseSeverity(args.minSeverity) ?? 1),
        resolve: (event: AlertChangeEvent) => event,
      },
    },

    Alert: {
      rule: async (alert: AlertRow, _: unknown, context: Context, info: GraphQLResolveInfo) => {
        const rule = (await inForce(context, alert, info)).byId.get(alert.ruleId);
        return rule ? toRule(rule) : null;
      },
      incident: (alert: AlertRow, _: unknown, context: Context) =>
        alert.incidentId === null
          ? null
          : memo(alert, 'incident', async () => {
              const incident = await loadersOf(context).incident(alert.incidentId!);
              return incident ?? null;
            }),
      log: (alert: AlertRow, _: unknown, context: Context) =>
        memo(alert, 'log', async () => (await loadersOf(context).alertLog(alert.id)) ?? []),
    },

    Incident: {
      alerts: (incident: IncidentRow, _: unknown, context: Context) =>
        memo(
          incident,
          'alerts',
          async () => (await loadersOf(context).incidentAlerts(incident.id)) ?? [],
        ),
      log: (incident: IncidentRow, _: unknown, context: Context) =>
        memo(
          incident,
          'log',
          async () => (await loadersOf(context).incidentLog(incident.id)) ?? [],
        ),
    },
  };
}
