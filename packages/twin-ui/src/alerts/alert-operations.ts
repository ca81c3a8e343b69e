import type { GraphQLOperation } from '../graphql/client.ts';
import {
  badResponse,
  isRecord,
  readArray,
  readNullableNumber,
  readNullableString,
  readNumber,
  readRecord,
  readString,
} from '../graphql/parse.ts';
import {
  type AlertAction,
  type AlertChange,
  type AlertDetail,
  type AlertSource,
  alertSources,
  type AlertStatus,
  alertStatuses,
  type AlertSummary,
  type IncidentAlert,
  type IncidentDetail,
  type IncidentSummary,
  type LogEntry,
  type Position,
  type Severity,
} from './alert-types.ts';

/** How many open alerts the lists, the map and the polling fallback hold. */
export const openAlertsSize = 50;
/** How many open incidents the list holds. */
export const openIncidentsSize = 50;

const alertSummaryFields = /* GraphQL */ `
  fragment AlertSummary on Alert {
    id
    ruleId
    source
    kind
    severity
    status
    title
    titleEn
    district
    lon
    lat
    openedAt
    lastSeenAt
    count
    assignee
    incident {
      id
    }
  }
`;

const logFields = /* GraphQL */ `
  fragment LogLine on LogEntry {
    at
    actor
    action
    note
  }
`;

const alertDetailFields = /* GraphQL */ `
  fragment AlertDetail on Alert {
    ...AlertSummary
    subject
    baseSeverity
    detail
    rule {
      name
      nameEn
    }
    clearedAt
    acknowledgedAt
    acknowledgedBy
    resolvedAt
    resolvedBy
    escalations
    incident {
      id
      title
      titleEn
    }
    log {
      ...LogLine
    }
  }
  ${alertSummaryFields}
  ${logFields}
`;

const incidentSummaryFields = /* GraphQL */ `
  fragment IncidentSummary on Incident {
    id
    status
    severity
    title
    titleEn
    district
    lon
    lat
    openedAt
    lastActivityAt
    assignee
    alerts {
      id
      source
      severity
      status
      title
      titleEn
      openedAt
    }
  }
`;

const incidentDetailFields = /* GraphQL */ `
  fragment IncidentDetail on Incident {
    ...IncidentSummary
    explanation
    explanationEn
    acknowledgedAt
    acknowledgedBy
    resolvedAt
    resolvedBy
    log {
      ...LogLine
    }
  }
  ${incidentSummaryFields}
  ${logFields}
`;

/** Open and acknowledged alerts, newest first (variables: first). */
export const openAlertsOperation: GraphQLOperation<AlertSummary[]> = {
  name: 'OpenAlerts',
  query: /* GraphQL */ `
    query OpenAlerts($first: Int!) {
      alerts(status: [open, acknowledged], first: $first) {
        edges {
          node {
            ...AlertSummary
          }
        }
      }
    }
    ${alertSummaryFields}
  `,
  parse: (data) =>
    readNodes(readRecord(data, 'data').alerts, 'alerts').map((node, index) =>
      parseAlertSummary(node, `alerts.edges[${index}].node`),
    ),
};

/**
 * The alerts open at an instant, newest first, each with its status then (replay; variables:
 * openAt, first).
 */
export const alertsAtOperation: GraphQLOperation<AlertSummary[]> = {
  name: 'AlertsAt',
  query: /* GraphQL */ `
    query AlertsAt($openAt: DateTime!, $first: Int!) {
      alerts(openAt: $openAt, first: $first) {
        edges {
          node {
            ...AlertSummary
          }
        }
      }
    }
    ${alertSummaryFields}
  `,
  parse: openAlertsOperation.parse,
};

/** Open and acknowledged incidents, newest activity first (variables: first). */
export const openIncidentsOperation: GraphQLOperation<IncidentSummary[]> = {
  name: 'OpenIncidents',
  query: /* GraphQL */ `
    query OpenIncidents($first: Int!) {
      incidents(status: [open, acknowledged], first: $first) {
        edges {
          node {
            ...IncidentSummary
          }
        }
      }
    }
    ${incidentSummaryFields}
  `,
  parse: (data) =>
    readNodes(readRecord(data, 'data').incidents, 'incidents').map((node, index) =>
      parseIncidentSummary(node, `incidents.edges[${index}].node`),
    ),
};

/** One alert with its detail and log; null when the id is unknown (variables: id). */
export const alertDetailOperation: GraphQLOperation<AlertDetail | null> = {
  name: 'AlertDetail',
  query: /* GraphQL */ `
    query AlertDetail($id: ID!) {
      alert(id: $id) {
        ...AlertDetail
      }
    }
    ${alertDetailFields}
  `,
  parse: (data) => {
    const value = readRecord(data, 'data').alert;
    return value === null || value === undefined ? null : parseAlertDetail(value, 'alert');
  },
};

/** One incident with its alerts, explanation and log; null when unknown (variables: id). */
export const incidentDetailOperation: GraphQLOperation<IncidentDetail | null> = {
  name: 'IncidentDetail',
  query: /* GraphQL */ `
    query IncidentDetail($id: ID!) {
      incident(id: $id) {
        ...IncidentDetail
      }
    }
    ${incidentDetailFields}
  `,
  parse: (data) => {
    const value = readRecord(data, 'data').incident;
    return value === null || value === undefined ? null : parseIncidentDetail(value, 'incident');
  },
};

/** The subscription behind the ticker: every alert opened or changed. */
export const alertChangedSubscription = /* GraphQL */ `
  subscription AlertChanged {
    alertChanged(minSeverity: 1) {
      action
      alert {
        ...AlertSummary
      }
    }
  }
  ${alertSummaryFields}
`;

/** One alertChanged message's data. */
export function parseAlertChange(data: unknown): AlertChange {
  const change = readRecord(readRecord(data, 'data').alertChanged, 'alertChanged');
  return {
    action: readString(change.action, 'alertChanged.action'),
    alert: parseAlertSummary(change.alert, 'alertChanged.alert'),
  };
}

/** An operator's action on an alert (variables: id, note, and assignee for assign). */
export function toAlertMutation(action: AlertAction): GraphQLOperation<AlertDetail> {
  const field = `${action}Alert`;
  return {
    name: toOperationName(field),
    query: `${toMutationText(field, action)} ${alertDetailFields}`,
    parse: (data) => parseAlertDetail(readRecord(data, 'data')[field], field),
  };
}

/** An operator's action on an incident (variables: id, note, and assignee for assign). */
export function toIncidentMutation(action: AlertAction): GraphQLOperation<IncidentDetail> {
  const field = `${action}Incident`;
  return {
    name: toOperationName(field),
    query: `${toMutationText(field, action)} ${incidentDetailFields}`,
    parse: (data) => parseIncidentDetail(readRecord(data, 'data')[field], field),
  };
}

const toOperationName = (field: string): string =>
  `${field.charAt(0).toUpperCase()}${field.slice(1)}`;

/** `mutation AcknowledgeAlert($id: ID!, $note: String) { acknowledgeAlert(…) { …Fragment } }` */
function toMutationText(field: string, action: AlertAction): string {
  const fragment = field.endsWith('Alert') ? 'AlertDetail' : 'IncidentDetail';
  const withAssignee = action === 'assign';
  const parameters = `$id: ID!, $note: String${withAssignee ? ', $assignee: String' : ''}`;
  const argumentsText = `id: $id, note: $note${withAssignee ? ', assignee: $assignee' : ''}`;
  return `mutation ${toOperationName(field)}(${parameters}) {
    ${field}(${argumentsText}) {
      ...${fragment}
    }
  }`;
}

function readNodes(value: unknown, path: string): unknown[] {
  const connection = readRecord(value, path);
  return readArray(connection.edges, `${path}.edges`).map(
    (edge, index) => readRecord(edge, `${path}.edges[${index}]`).node,
  );
}

function parseSource(value: unknown, path: string): AlertSource {
  const source = readString(value, path);
  if (!(alertSources as readonly string[]).includes(source)) throw badResponse(path, 'a source');
  return source as AlertSource;
}

function parseStatus(value: unknown, path: string): AlertStatus {
  const status = readString(value, path);
  if (!(alertStatuses as readonly string[]).includes(status)) throw badResponse(path, 'a status');
  return status as AlertStatus;
}

/** A severity, clamped into 1–4 (a rule configured outside it still shows). */
function parseSeverity(value: unknown, path: string): Severity {
  const severity = Math.round(readNumber(value, path));
  return Math.min(4, Math.max(1, severity)) as Severity;
}

function parsePosition(record: Readonly<Record<string, unknown>>, path: string): Position | null {
  const lon = readNullableNumber(record.lon, `${path}.lon`);
  const lat = readNullableNumber(record.lat, `${path}.lat`);
  return lon === null || lat === null ? null : [lon, lat];
}

function parseAlertSummary(value: unknown, path: string): AlertSummary {
  const record = readRecord(value, path);
  const incident = record.incident;
  return {
    id: readString(record.id, `${path}.id`),
    ruleId: readString(record.ruleId, `${path}.ruleId`),
    source: parseSource(record.source, `${path}.source`),
    kind: readString(record.kind, `${path}.kind`),
    severity: parseSeverity(record.severity, `${path}.severity`),
    status: parseStatus(record.status, `${path}.status`),
    title: readString(record.title, `${path}.title`),
    titleEn: readString(record.titleEn, `${path}.titleEn`),
    district: readNullableString(record.district, `${path}.district`),
    position: parsePosition(record, path),
    openedAt: readString(record.openedAt, `${path}.openedAt`),
    lastSeenAt: readString(record.lastSeenAt, `${path}.lastSeenAt`),
    count: readNumber(record.count, `${path}.count`),
    assignee: readNullableString(record.assignee, `${path}.assignee`),
    incidentId: isRecord(incident) ? readString(incident.id, `${path}.incident.id`) : null,
  };
}

function parseLog(value: unknown, path: string): LogEntry[] {
  return readArray(value, path).map((item, index) => {
    const record = readRecord(item, `${path}[${index}]`);
    return {
      at: readString(record.at, `${path}[${index}].at`),
      actor: readString(record.actor, `${path}[${index}].actor`),
      action: readString(record.action, `${path}[${index}].action`),
      note: readNullableString(record.note, `${path}[${index}].note`),
    };
  });
}

function parseAlertDetail(value: unknown, path: string): AlertDetail {
  const record = readRecord(value, path);
  const text = (field: string): string | null =>
    readNullableString(record[field], `${path}.${field}`);
  const rule = record.rule;
  const incident = record.incident;
  const detail = record.detail;
  return {
    ...parseAlertSummary(value, path),
    subject: readString(record.subject, `${path}.subject`),
    baseSeverity: parseSeverity(record.baseSeverity, `${path}.baseSeverity`),
    // JSON scalar: an object of what the rule saw; anything else carries nothing to show.
    detail: isRecord(detail) ? detail : {},
    ruleName: isRecord(rule)
      ? {
          zh: readString(rule.name, `${path}.rule.name`),
          en: readString(rule.nameEn, `${path}.rule.nameEn`),
        }
      : null,
    clearedAt: text('clearedAt'),
    acknowledgedAt: text('acknowledgedAt'),
    acknowledgedBy: text('acknowledgedBy'),
    resolvedAt: text('resolvedAt'),
    resolvedBy: text('resolvedBy'),
    escalations: readNumber(record.escalations, `${path}.escalations`),
    incident: isRecord(incident)
      ? {
          id: readString(incident.id, `${path}.incident.id`),
          title: readString(incident.title, `${path}.incident.title`),
          titleEn: readString(incident.titleEn, `${path}.incident.titleEn`),
        }
      : null,
    log: parseLog(record.log, `${path}.log`),
  };
}

function parseIncidentAlert(value: unknown, path: string): IncidentAlert {
  const record = readRecord(value, path);
  return {
    id: readString(record.id, `${path}.id`),
    source: parseSource(record.source, `${path}.source`),
    severity: parseSeverity(record.severity, `${path}.severity`),
    status: parseStatus(record.status, `${path}.status`),
    title: readString(record.title, `${path}.title`),
    titleEn: readString(record.titleEn, `${path}.titleEn`),
    openedAt: readString(record.openedAt, `${path}.openedAt`),
  };
}

function parseIncidentSummary(value: unknown, path: string): IncidentSummary {
  const record = readRecord(value, path);
  return {
    id: readString(record.id, `${path}.id`),
    status: parseStatus(record.status, `${path}.status`),
    severity: parseSeverity(record.severity, `${path}.severity`),
    title: readString(record.title, `${path}.title`),
    titleEn: readString(record.titleEn, `${path}.titleEn`),
    district: readNullableString(record.district, `${path}.district`),
    position: parsePosition(record, path),
    openedAt: readString(record.openedAt, `${path}.openedAt`),
    lastActivityAt: readString(record.lastActivityAt, `${path}.lastActivityAt`),
    assignee: readNullableString(record.assignee, `${path}.assignee`),
    alerts: readArray(record.alerts, `${path}.alerts`).map((item, index) =>
      parseIncidentAlert(item, `${path}.alerts[${index}]`),
    ),
  };
}

function parseIncidentDetail(value: unknown, path: string): IncidentDetail {
  const record = readRecord(value, path);
  const text = (field: string): string | null =>
    readNullableString(record[field], `${path}.${field}`);
  return {
    ...parseIncidentSummary(value, path),
    explanation: readString(record.explanation, `${path}.explanation`),
    explanationEn: readString(record.explanationEn, `${path}.explanationEn`),
    acknowledgedAt: text('acknowledgedAt'),
    acknowledgedBy: text('acknowledgedBy'),
    resolvedAt: text('resolvedAt'),
    resolvedBy: text('resolvedBy'),
    log: parseLog(record.log, `${path}.log`),
  };
}
