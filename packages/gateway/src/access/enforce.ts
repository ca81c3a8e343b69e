// The policy table applied to the executable schema, in one place: every root field checks
// the viewer's role before its resolver runs, district-scoped viewers get their district
// filled in (or are refused another), rows of other districts are dropped from what
// resolvers return, and personal data is masked for the roles that may not read it.
import type { Viewer } from '@city-twin/access';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql/index.js';
import { forbidden, unauthenticated, type Context } from '../context.ts';
import { maskName, maskPhone } from './masking.ts';
import {
  districtScopedTypes,
  PERSONAL_DATA_ROLES,
  personalFields,
  policy,
  type FieldAccess,
  type PersonalKind,
} from './policy.ts';

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;
type Root = (typeof ROOTS)[number];

/** The gateway was built with a root field the policy table does not list. */
export class PolicyError extends Error {
  readonly code = 'TWIN_POLICY_MISSING';
  constructor(readonly fields: string[]) {
    super(
      `no access policy for ${fields.join(', ')}: add each to packages/gateway/src/access/policy.ts`,
    );
  }
}

/** Refuses `viewer` unless `access` allows it: UNAUTHENTICATED without a viewer, else FORBIDDEN. */
export function authorize(access: FieldAccess, viewer: Viewer | null, field: string): void {
  if (access === 'public') return;
  if (!viewer) throw unauthenticated();
  if (!access.includes(viewer.role)) throw forbidden(`${field} is not allowed for ${viewer.role}`);
}

/** Whether a row of `district` is visible to `viewer` (everything for whole-city viewers). */
export function inScope(viewer: Viewer | null, district: unknown): boolean {
  const districts = viewer?.districts;
  if (!districts) return true;
  return typeof district === 'string' && districts.includes(district);
}

/**
 * The district a query should be limited to, for resolvers that take one: the asked district
 * when the viewer may see it (FORBIDDEN otherwise), the viewer's only district when none was
 * asked, and null (the whole city) for whole-city viewers. A viewer of several districts must
 * name one, unless `rowsFiltered` (the rows are dropped by district afterwards, so asking for
 * all of them is safe: null).
 */
export function scopeDistrict(
  viewer: Viewer | null,
  asked: string | null | undefined,
  rowsFiltered = false,
): string | null {
  const districts = viewer?.districts;
  if (!districts) return asked ?? null;
  if (asked !== null && asked !== undefined) {
    if (!districts.includes(asked)) throw forbidden(`district ${asked} is outside your districts`);
    return asked;
  }
  if (districts.length === 1) return districts[0] ?? null;
  if (rowsFiltered) return null;
  throw forbidden(`name one of your districts: ${districts.join(', ')}`);
}

/** The row type of an edge type (`node` of a district-scoped type), else null. */
function edgeNodeType(type: unknown): string | null {
  if (!isObjectType(type)) return null;
  const node = type.getFields().node;
  const name = node ? getNamedType(node.type).name : null;
  return name && districtScopedTypes.includes(name) ? name : null;
}

/**
 * Whether a field returns district-scoped rows (directly, or as a connection's edges), which
 * the district filter drops afterwards; aggregates over districts are not rows.
 */
function returnsRows(field: GraphQLField<unknown, Context>): boolean {
  const named = getNamedType(field.type);
  if (districtScopedTypes.includes(named.name)) return true;
  if (!isObjectType(named)) return false;
  const edges = named.getFields().edges;
  return edges !== undefined && edgeNodeType(getNamedType(edges.type)) !== null;
}

/** What a subscription result may depend on besides the operation: the role and districts. */
export function accessPartition(context: unknown): string {
  const viewer = (context as Context | undefined)?.viewer;
  return viewer ? `${viewer.role}|${viewer.districts?.join(',') ?? '*'}` : 'anonymous';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Arguments with the district filled in or checked for a district-scoped viewer. */
function scopeArgs(
  field: GraphQLField<unknown, Context>,
  args: Record<string, unknown>,
  viewer: Viewer | null,
): Record<string, unknown> {
  if (!viewer?.districts) return args;
  const rows = returnsRows(field);
  const districtArg = field.args.find((arg) => arg.name === 'district');
  if (districtArg) {
    return {
      ...args,
      district: scopeDistrict(viewer, args.district as string | null | undefined, rows),
    };
  }
  for (const arg of field.args) {
    const type = getNullableType(arg.type);
    if (isInputObjectType(type) && 'district' in type.getFields()) {
      const input = isRecord(args[arg.name]) ? (args[arg.name] as Record<string, unknown>) : {};
      return {
        ...args,
        [arg.name]: {
          ...input,
          district: scopeDistrict(viewer, input.district as string | null | undefined, rows),
        },
      };
    }
  }
  return args;
}

/** Tables of the rows a mutation by id changes, checked against the viewer's districts first. */
const mutationTargets: Record<string, string> = { Alert: 'alert', Incident: 'incident' };

async function checkMutationTarget(
  field: GraphQLField<unknown, Context>,
  args: Record<string, unknown>,
  context: Context,
): Promise<void> {
  if (!context.viewer?.districts) return;
  const table = mutationTargets[getNamedType(field.type).name];
  const id = args.id;
  if (!table || (typeof id !== 'string' && typeof id !== 'number')) return;
  if (!/^\d{1,18}$/.test(String(id))) return;
  const rows = await context.db.query<{ district: string | null }>(
    `SELECT district FROM ${table} WHERE id = $1`,
    [String(id)],
  );
  if (rows[0] && !inScope(context.viewer, rows[0].district)) {
    throw forbidden(`${field.name}: outside your districts`);
  }
}

/** Drops the events of a subscription a district-scoped viewer may not see. */
function scopeEvents(
  source: AsyncIterableIterator<unknown>,
  viewer: Viewer,
): AsyncIterableIterator<unknown> {
  const visible = (event: unknown): boolean => {
    if (!isRecord(event)) return true;
    if ('district' in event) return inScope(viewer, event.district);
    return Object.values(event).every(
      (value) => !isRecord(value) || !('district' in value) || inScope(viewer, value.district),
    );
  };
  const scoped: AsyncIterableIterator<unknown> = {
    async next() {
      for (;;) {
        const next = await source.next();
        if (next.done || visible(next.value)) return next;
      }
    },
    return: async () => (await source.return?.()) ?? { value: undefined, done: true },
    throw: async (error?: unknown) =>
      source.throw ? source.throw(error) : Promise.reject(error as Error),
    [Symbol.asyncIterator]: () => scoped,
  };
  return scoped;
}

/** Wraps a field's resolver so rows of other districts never leave it. */
function filterByDistrict(field: GraphQLField<unknown, Context>, root: boolean): void {
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  const nullable = getNullableType(field.type);
  const list = isListType(nullable);
  const required = isNonNullType(field.type);
  field.resolve = async (source, args, context, info) => {
    const value: unknown = await resolve(source, args, context, info);
    const viewer = context.viewer;
    if (!viewer?.districts || value === null || value === undefined) return value;
    if (list && Array.isArray(value)) {
      const items = await Promise.all(value);
      return items.filter((item) => !isRecord(item) || inScope(viewer, item.district));
    }
    if (!isRecord(value) || inScope(viewer, value.district)) return value;
    if (root || required) throw forbidden(`${field.name}: outside your districts`);
    return null;
  };
}

/** Wraps a field returning edges so edges whose node is of another district are dropped. */
function filterEdgesByDistrict(field: GraphQLField<unknown, Context>): void {
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  field.resolve = async (source, args, context, info) => {
    const value: unknown = await resolve(source, args, context, info);
    const viewer = context.viewer;
    if (!viewer?.districts || !Array.isArray(value)) return value;
    const edges = await Promise.all(value);
    return edges.filter(
      (edge) => !isRecord(edge) || !isRecord(edge.node) || inScope(viewer, edge.node.district),
    );
  };
}

/** `value` with its personal data masked as `kind` says. */
function mask(kind: PersonalKind, value: unknown): unknown {
  if (kind === 'name') return typeof value === 'string' ? maskName(value) : value;
  if (kind === 'phone') return typeof value === 'string' ? maskPhone(value) : value;
  if (!isRecord(value) || !('caller' in value)) return value;
  const caller = value.caller;
  if (!isRecord(caller)) return { ...value, caller: null };
  return {
    ...value,
    caller: {
      ...caller,
      name: mask('name', caller.name),
      phone: mask('phone', caller.phone),
    },
  };
}

/** Wraps a personal-data field so it is masked for the roles that may not read it. */
function maskPersonal(field: GraphQLField<unknown, Context>, kind: PersonalKind): void {
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  field.resolve = async (source, args, context, info) => {
    const value: unknown = await resolve(source, args, context, info);
    const role = context.viewer?.role;
    if (role && PERSONAL_DATA_ROLES.includes(role)) return value;
    return mask(kind, value);
  };
}

/** Guards a root field: role first, then district arguments, then the resolver. */
function guardRoot(root: Root, field: GraphQLField<unknown, Context>, access: FieldAccess): void {
  const name = `${root}.${field.name}`;
  if (root === 'Subscription') {
    const subscribe = field.subscribe;
    if (!subscribe) return;
    field.subscribe = async (source, args, context, info) => {
      authorize(access, context.viewer, name);
      const stream: unknown = await subscribe(
        source,
        scopeArgs(field, args, context.viewer),
        context,
        info,
      );
      const viewer = context.viewer;
      if (!viewer?.districts || !isRecord(stream) || !(Symbol.asyncIterator in stream))
        return stream;
      return scopeEvents(stream as unknown as AsyncIterableIterator<unknown>, viewer);
    };
    return;
  }
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  field.resolve = async (source, args, context, info) => {
    authorize(access, context.viewer, name);
    if (root === 'Mutation') await checkMutationTarget(field, args, context);
    return resolve(source, scopeArgs(field, args, context.viewer), context, info);
  };
}

/**
 * Applies the policy table to `schema` (in place). Throws {@link PolicyError} when a root
 * field has no entry: the gateway does not start with a field nobody decided about.
 */
export function applyPolicy(schema: GraphQLSchema): void {
  const missing: string[] = [];
  for (const typeObject of Object.values(schema.getTypeMap())) {
    if (!isObjectType(typeObject) || typeObject.name.startsWith('__')) continue;
    const root = (ROOTS as readonly string[]).includes(typeObject.name);
    for (const field of Object.values(typeObject.getFields()) as GraphQLField<unknown, Context>[]) {
      if (
        districtScopedTypes.includes(getNamedType(field.type).name) &&
        typeObject.name !== 'Subscription'
      ) {
        filterByDistrict(field, root);
      }
      const nullable = getNullableType(field.type);
      if (isListType(nullable) && edgeNodeType(getNamedType(nullable)) !== null) {
        filterEdgesByDistrict(field);
      }
      const personal = (personalFields as Record<string, Record<string, PersonalKind>>)[
        typeObject.name
      ]?.[field.name];
      if (personal) maskPersonal(field, personal);
    }
  }
  for (const root of ROOTS) {
    const type = schema.getType(root);
    if (!isObjectType(type)) continue;
    const entries: Record<string, FieldAccess> = policy[root];
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, Context>[]) {
      const access = entries[field.name];
      if (access) guardRoot(root, field, access);
      else missing.push(`${root}.${field.name}`);
    }
  }
  if (missing.length > 0) throw new PolicyError(missing);
}
