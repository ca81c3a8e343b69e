-- Alerts and incidents (issue 5): what the alert rules (packages/alerts) raise from the
-- three streams, grouped into incidents, with an append-only log of who did what.

-- Each rule's memory per subject (a pending threshold, the last reading's time …), as the
-- pure evaluators hand it back; ingest keeps it here, under the batch state lock.
CREATE TABLE alert_rule_state (
  rule_id text NOT NULL,
  subject text NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, subject)
);

CREATE TABLE incident (
  id bigserial PRIMARY KEY,
  -- open | acknowledged | resolved
  status text NOT NULL DEFAULT 'open',
  -- The highest severity among its alerts (1 info … 4 critical).
  severity smallint NOT NULL,
  title text NOT NULL,
  title_en text NOT NULL,
  district text,
  lon double precision,
  lat double precision,
  opened_at timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  assignee text,
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  resolved_by text,
  -- Why its alerts were grouped, in words (zh-CN and English).
  explanation text NOT NULL,
  explanation_en text NOT NULL
);
CREATE INDEX incident_open ON incident (last_activity_at DESC) WHERE status <> 'resolved';
CREATE INDEX incident_opened ON incident (opened_at DESC);

CREATE TABLE alert (
  id bigserial PRIMARY KEY,
  rule_id text NOT NULL,
  -- What it is about: 'iot:<device>', 'video:<camera>', 'ticket:<id>', 'surge:<district>:<category>'.
  subject text NOT NULL,
  -- iot | video | hotline
  source text NOT NULL,
  -- The rule kind: threshold | silence | camera_event | hotline_overdue | hotline_surge
  kind text NOT NULL,
  severity smallint NOT NULL,
  -- The rule's severity before any escalation.
  base_severity smallint NOT NULL,
  -- open | acknowledged | resolved
  status text NOT NULL DEFAULT 'open',
  title text NOT NULL,
  title_en text NOT NULL,
  -- Evaluator output: value, baseline, score, event type, … as shown to users.
  detail jsonb NOT NULL DEFAULT '{}',
  district text,
  lon double precision,
  lat double precision,
  -- When the condition became true (event time), and when it was last seen true.
  opened_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  -- How many times it fired while open (repeats update this row, never a new one).
  count integer NOT NULL DEFAULT 1,
  -- When the condition cleared (the alert itself stays until someone resolves it, unless the rule auto-resolves).
  cleared_at timestamptz,
  assignee text,
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  resolved_by text,
  escalations integer NOT NULL DEFAULT 0,
  -- When the escalation sweep looks at it next (null once acknowledged or resolved).
  next_escalation_at timestamptz,
  incident_id bigint REFERENCES incident (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One open alert per rule and subject.
CREATE UNIQUE INDEX alert_one_open ON alert (rule_id, subject) WHERE status <> 'resolved';
CREATE INDEX alert_opened ON alert (opened_at DESC);
CREATE INDEX alert_status_severity ON alert (status, severity DESC, opened_at DESC);
CREATE INDEX alert_incident ON alert (incident_id);
CREATE INDEX alert_escalation ON alert (next_escalation_at) WHERE next_escalation_at IS NOT NULL;

-- Every change to an alert or incident: who, when, what, with a note. Append-only.
CREATE TABLE alert_log (
  id bigserial PRIMARY KEY,
  -- alert | incident
  entity text NOT NULL,
  entity_id bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  -- A user name, or 'system' for what the rules and sweeps did.
  actor text NOT NULL,
  -- opened | repeated | cleared | escalated | acknowledged | assigned | resolved | reopened | grouped
  action text NOT NULL,
  note text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX alert_log_entity ON alert_log (entity, entity_id, at);

CREATE FUNCTION twin_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER alert_log_append_only BEFORE UPDATE OR DELETE ON alert_log
  FOR EACH ROW EXECUTE FUNCTION twin_append_only();
CREATE TRIGGER alert_log_no_truncate BEFORE TRUNCATE ON alert_log
  FOR EACH STATEMENT EXECUTE FUNCTION twin_append_only();
