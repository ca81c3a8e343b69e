-- Alert rules edited through the API (issue 5): every version of the whole rule set, who
-- saved it, when and why. Ingest seeds version 1 from the rules file when the table is
-- empty and evaluates with the newest version; the gateway appends a version per edit.
-- Append-only: a version once written is never changed or removed.
CREATE TABLE alert_rule_set (
  version integer PRIMARY KEY CHECK (version > 0),
  -- The whole rule set as packages/alerts parses it: { "rules": [ … ] }.
  rules jsonb NOT NULL CHECK (jsonb_typeof(rules -> 'rules') = 'array'),
  -- A user name, or 'system' for the seed from the rules file.
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  note text NOT NULL,
  -- What the edit did: { "action": "seeded" | "saved" | "deleted", "ruleId": … }.
  change jsonb NOT NULL DEFAULT '{}'
);

CREATE TRIGGER alert_rule_set_append_only BEFORE UPDATE OR DELETE ON alert_rule_set
  FOR EACH ROW EXECUTE FUNCTION twin_append_only();
CREATE TRIGGER alert_rule_set_no_truncate BEFORE TRUNCATE ON alert_rule_set
  FOR EACH STATEMENT EXECUTE FUNCTION twin_append_only();
