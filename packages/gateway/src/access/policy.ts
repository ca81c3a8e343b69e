// Who may use each root field: the one policy table of the API. The gateway refuses to start
// when a root Query, Mutation or Subscription field has no entry here, so adding a field
// means deciding who may use it. `public` answers without a token (only `login`); a role
// list answers those roles and refuses anyone else: UNAUTHENTICATED without a token,
// FORBIDDEN with one.
import type { Role } from '@city-twin/access';

/** Who may use a root field. */
export type FieldAccess = 'public' | readonly Role[];

/** Everyone signed in, wall screens included: the read side of the wall. */
const READ: readonly Role[] = ['screen', 'leader', 'operator', 'admin'];
/** People, not screens (their own identity and personal views). */
const PEOPLE: readonly Role[] = ['leader', 'operator', 'admin'];
/** Who handles alerts and incidents (and reads personal data and raw inputs). */
const OPERATORS: readonly Role[] = ['operator', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

/** Every root field → who may use it. */
export const policy = {
  Query: {
    me: READ,
    users: ADMIN,
    screens: ADMIN,
    districts: READ,
    devices: READ,
    device: READ,
    devicePositionsAt: READ,
    deviceSummary: READ,
    cameras: READ,
    camera: READ,
    cameraEvents: READ,
    cameraEventCounts: READ,
    cameraSummary: READ,
    ingestStats: READ,
    // Raw rejected messages: hotline payloads carry callers' names and phone numbers.
    deadLetters: OPERATORS,
    health: READ,
    tickets: READ,
    ticket: READ,
    units: READ,
    hotlineStats: READ,
    ticketsOpenAt: READ,
    hotlineTrend: READ,
    unitRanking: READ,
    unitScoreBreakdown: READ,
    hotlineRules: READ,
    alerts: READ,
    alert: READ,
    incidents: READ,
    incident: READ,
    alertRules: READ,
    // Who changed the alert rules, when and why: for the people accountable for alerts.
    alertRuleHistory: PEOPLE,
  },
  Mutation: {
    login: 'public',
    createUser: ADMIN,
    resetPassword: ADMIN,
    disableUser: ADMIN,
    createScreen: ADMIN,
    revokeScreen: ADMIN,
    acknowledgeAlert: OPERATORS,
    resolveAlert: OPERATORS,
    reopenAlert: OPERATORS,
    assignAlert: OPERATORS,
    acknowledgeIncident: OPERATORS,
    resolveIncident: OPERATORS,
    reopenIncident: OPERATORS,
    assignIncident: OPERATORS,
    saveAlertRule: ADMIN,
    deleteAlertRule: ADMIN,
  },
  Subscription: {
    alertChanged: READ,
    liveEvents: READ,
  },
} satisfies Record<'Query' | 'Mutation' | 'Subscription', Record<string, FieldAccess>>;

/** Roles that read personal data (Ticket.callerName, callerPhone) unmasked. */
export const PERSONAL_DATA_ROLES: readonly Role[] = OPERATORS;

/** How a personal-data field is masked: a name, a phone number, or a JSON object's `caller`. */
export type PersonalKind = 'name' | 'phone' | 'caller';

/** Fields holding personal data, masked for every other role. */
export const personalFields = {
  Ticket: { callerName: 'name', callerPhone: 'phone' },
  // The `created` action's payload as sent: its `caller` { name, phone }.
  TicketEvent: { detail: 'caller' },
} as const satisfies Record<string, Record<string, PersonalKind>>;

/**
 * Types that belong to a district (their rows carry `district`): a viewer scoped to districts
 * sees only those of its districts.
 */
export const districtScopedTypes: readonly string[] = [
  'Ticket',
  'Alert',
  'Incident',
  'Device',
  'Camera',
  'CameraEvent',
  'LiveEvent',
];

/** The role groups above, for fields added elsewhere. */
export const roleGroups = { READ, PEOPLE, OPERATORS, ADMIN } as const;
