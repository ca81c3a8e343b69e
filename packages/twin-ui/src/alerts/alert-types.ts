// Client-side types of the alert fields this UI reads, mirroring the gateway's schema.graphql
// (Query.alerts … Subscription.alertChanged).

/** Where an alert or incident stands. */
export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** The stream an alert came from: IoT devices, AI cameras (视频), the 12345 hotline. */
export const alertSources = ['iot', 'video', 'hotline'] as const;
export type AlertSource = (typeof alertSources)[number];

/** 1 info (提示), 2 minor (一般), 3 major (严重), 4 critical (紧急). */
export const severities = [1, 2, 3, 4] as const;
export type Severity = (typeof severities)[number];

/** A [lon, lat] position in degrees. */
export type Position = [lon: number, lat: number];

/** An alert as lists, the ticker and the map show it. */
export type AlertSummary = {
  id: string;
  ruleId: string;
  source: AlertSource;
  /** threshold, silence, camera_event, hotline_overdue or hotline_surge. */
  kind: string;
  severity: Severity;
  status: AlertStatus;
  /** Simplified Chinese. */
  title: string;
  titleEn: string;
  district: string | null;
  position: Position | null;
  openedAt: string;
  lastSeenAt: string;
  /** How many times it fired while open. */
  count: number;
  assignee: string | null;
  incidentId: string | null;
};

/** One append-only log line: who did what, when, with a note. */
export type LogEntry = {
  at: string;
  /** A user, or `system` for the rules and sweeps. */
  actor: string;
  action: string;
  note: string | null;
};

/** An alert with everything the detail panel shows. */
export type AlertDetail = AlertSummary & {
  subject: string;
  baseSeverity: Severity;
  /** What the rule saw (value, baseline, score …): an object of plain values. */
  detail: Readonly<Record<string, unknown>>;
  ruleName: { zh: string; en: string } | null;
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  escalations: number;
  incident: { id: string; title: string; titleEn: string } | null;
  log: LogEntry[];
};

/** An alert of an incident, as its list shows it. */
export type IncidentAlert = Pick<
  AlertSummary,
  'id' | 'source' | 'severity' | 'status' | 'title' | 'titleEn' | 'openedAt'
>;

/** An incident as the list and the map show it. */
export type IncidentSummary = {
  id: string;
  status: AlertStatus;
  severity: Severity;
  title: string;
  titleEn: string;
  district: string | null;
  position: Position | null;
  openedAt: string;
  lastActivityAt: string;
  assignee: string | null;
  alerts: IncidentAlert[];
};

/** An incident with its grouping explanation and its log. */
export type IncidentDetail = IncidentSummary & {
  explanation: string;
  explanationEn: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  log: LogEntry[];
};

/** One message of the alertChanged subscription. */
export type AlertChange = { action: string; alert: AlertSummary };

/** What an operator can do to an alert or an incident. */
export type AlertAction = 'acknowledge' | 'resolve' | 'reopen' | 'assign';
