-- 12345 accountability (限时办结、随时排名): what the hotline rules derive from each
-- work order, and the rollups the rankings and rates are read from.
--
-- Everything here is derived: ingest re-derives a work order from all its stored actions
-- (and the clock sweep re-derives it when one of its deadlines passes), replacing the
-- order's row in `ticket` and its rows in `ticket_item`. Triggers keep the daily
-- rollups equal to the sum of those rows, whatever path wrote them.

ALTER TABLE ticket
  ADD COLUMN dispatches integer NOT NULL DEFAULT 0,
  -- 催办: when the chase notice of an overdue completion became due.
  ADD COLUMN chased_at timestamptz,
  -- The next instant the order's derived state changes by time alone (a deadline or a
  -- chase passing); the clock sweep re-derives orders whose time has come.
  ADD COLUMN next_check_at timestamptz;
CREATE INDEX ticket_next_check ON ticket (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX ticket_unit_created ON ticket (unit_id, created_at DESC);
CREATE INDEX ticket_category_created ON ticket (category, created_at DESC);
CREATE INDEX ticket_overdue_open ON ticket (due_at) WHERE overdue_complete AND completed_at IS NULL;

-- One row per point-bearing (or noticed) fact of a work order: every bonus and deduction
-- of a unit's score traces to one of these, and overdue/chase facts carry the time they
-- became true. `cycle` numbers the dispatch (sign-off facts) or the completion clock
-- (completion facts) the fact belongs to, so each is raised once.
CREATE TABLE ticket_item (
  ticket_id text NOT NULL,
  -- sign_on_time | complete_on_time | overdue_sign | overdue_complete | chase | unsatisfied | reopened
  kind text NOT NULL,
  cycle smallint NOT NULL,
  -- When the fact became true (a deadline for overdue facts).
  at timestamptz NOT NULL,
  unit_id text NOT NULL,
  points double precision NOT NULL,
  -- When the system first derived it; kept across re-derivations.
  noticed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, kind, cycle)
);
CREATE INDEX ticket_item_unit_at ON ticket_item (unit_id, at);
CREATE INDEX ticket_item_kind_at ON ticket_item (kind, at);

-- Score facts per unit, China Standard Time day and kind (sums of ticket_item).
CREATE TABLE unit_score_daily (
  unit_id text NOT NULL,
  day date NOT NULL,
  kind text NOT NULL,
  count integer NOT NULL,
  points double precision NOT NULL,
  PRIMARY KEY (unit_id, day, kind)
);
CREATE INDEX unit_score_daily_day ON unit_score_daily (day);

-- Work-order counters per day of creation (CST), district and current unit ('' for none):
-- the cohort of orders accepted that day, as they stand now.
CREATE TABLE hotline_daily (
  day date NOT NULL,
  district text NOT NULL,
  unit_id text NOT NULL,
  accepted integer NOT NULL,
  completed integer NOT NULL,
  -- Completed, or not completed with the due time passed (the completion rate's base).
  due integer NOT NULL,
  completed_on_time integer NOT NULL,
  -- Signed, or not signed with the sign-off time passed (the on-time sign-off base).
  sign_due integer NOT NULL,
  signed_on_time integer NOT NULL,
  overdue_sign integer NOT NULL,
  overdue_complete integer NOT NULL,
  -- Overdue and still not completed.
  overdue_open integer NOT NULL,
  callbacks integer NOT NULL,
  satisfied integer NOT NULL,
  -- Sum over completed orders of completed_at - created_at, seconds.
  handling_seconds double precision NOT NULL,
  PRIMARY KEY (day, district, unit_id)
);

CREATE FUNCTION twin_cst_day(ts timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (ts AT TIME ZONE 'Asia/Shanghai')::date;

-- The rows a statement changed, signed: +1 for new rows, -1 for old. A trigger sees only
-- the transition tables of its own event, so the query naming them is built per event.
CREATE FUNCTION twin_transition_rows(op text, columns text) RETURNS text
  LANGUAGE sql IMMUTABLE
  RETURN CASE op
    WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', columns)
    WHEN 'UPDATE' THEN format('SELECT 1 AS sign, %1$s FROM new_rows UNION ALL SELECT -1, %1$s FROM old_rows', columns)
    ELSE format('SELECT -1 AS sign, %s FROM old_rows', columns)
  END;

-- Adds the contribution of changed ticket rows to hotline_daily.
CREATE FUNCTION twin_hotline_daily_apply() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($query$
  WITH changes AS (%s), contributions AS (
    SELECT twin_cst_day(created_at) AS day, coalesce(district, '') AS district,
      coalesce(unit_id, '') AS unit_id,
      sum(sign) AS accepted,
      sum(sign) FILTER (WHERE completed_at IS NOT NULL) AS completed,
      sum(sign) FILTER (WHERE completed_at IS NOT NULL OR overdue_complete) AS due,
      sum(sign) FILTER (WHERE completed_at IS NOT NULL AND NOT overdue_complete) AS completed_on_time,
      sum(sign) FILTER (WHERE signed_at IS NOT NULL OR overdue_sign) AS sign_due,
      sum(sign) FILTER (WHERE signed_at IS NOT NULL AND NOT overdue_sign) AS signed_on_time,
      sum(sign) FILTER (WHERE overdue_sign) AS overdue_sign,
      sum(sign) FILTER (WHERE overdue_complete) AS overdue_complete,
      sum(sign) FILTER (WHERE overdue_complete AND completed_at IS NULL) AS overdue_open,
      sum(sign) FILTER (WHERE satisfaction IS NOT NULL) AS callbacks,
      sum(sign) FILTER (WHERE satisfaction IN ('satisfied', 'basically_satisfied')) AS satisfied,
      sum(sign * extract(epoch FROM completed_at - created_at)) FILTER (WHERE completed_at IS NOT NULL)
        AS handling_seconds
    FROM changes
    WHERE created_at IS NOT NULL
    GROUP BY 1, 2, 3
  )
  INSERT INTO hotline_daily AS d
  SELECT day, district, unit_id, accepted, coalesce(completed, 0), coalesce(due, 0),
    coalesce(completed_on_time, 0), coalesce(sign_due, 0), coalesce(signed_on_time, 0),
    coalesce(overdue_sign, 0), coalesce(overdue_complete, 0), coalesce(overdue_open, 0),
    coalesce(callbacks, 0), coalesce(satisfied, 0), coalesce(handling_seconds, 0)
  FROM contributions
  ORDER BY day, district, unit_id
  ON CONFLICT (day, district, unit_id) DO UPDATE SET
    accepted = d.accepted + excluded.accepted,
    completed = d.completed + excluded.completed,
    due = d.due + excluded.due,
    completed_on_time = d.completed_on_time + excluded.completed_on_time,
    sign_due = d.sign_due + excluded.sign_due,
    signed_on_time = d.signed_on_time + excluded.signed_on_time,
    overdue_sign = d.overdue_sign + excluded.overdue_sign,
    overdue_complete = d.overdue_complete + excluded.overdue_complete,
    overdue_open = d.overdue_open + excluded.overdue_open,
    callbacks = d.callbacks + excluded.callbacks,
    satisfied = d.satisfied + excluded.satisfied,
    handling_seconds = d.handling_seconds + excluded.handling_seconds
  $query$, twin_transition_rows(TG_OP, '*'));
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three triggers.
CREATE TRIGGER ticket_daily_insert AFTER INSERT ON ticket
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION twin_hotline_daily_apply();
CREATE TRIGGER ticket_daily_update AFTER UPDATE ON ticket
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION twin_hotline_daily_apply();
CREATE TRIGGER ticket_daily_delete AFTER DELETE ON ticket
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION twin_hotline_daily_apply();

CREATE FUNCTION twin_unit_score_apply() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($query$
  WITH changes AS (%s)
  INSERT INTO unit_score_daily AS s (unit_id, day, kind, count, points)
  SELECT unit_id, twin_cst_day(at), kind, sum(sign), sum(sign * points)
  FROM changes GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (unit_id, day, kind) DO UPDATE SET
    count = s.count + excluded.count, points = s.points + excluded.points
  $query$, twin_transition_rows(TG_OP, 'unit_id, at, kind, points'));
  RETURN NULL;
END $$;

CREATE TRIGGER ticket_item_score_insert AFTER INSERT ON ticket_item
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION twin_unit_score_apply();
CREATE TRIGGER ticket_item_score_update AFTER UPDATE ON ticket_item
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION twin_unit_score_apply();
CREATE TRIGGER ticket_item_score_delete AFTER DELETE ON ticket_item
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION twin_unit_score_apply();

-- Notices to deliver to a webhook (the hotline's daily unit scores; later, alert
-- escalations): written once per (kind, dedupe_key), retried until acknowledged.
CREATE TABLE notice_outbox (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  -- e.g. '<unit id>/<day>' for a unit's daily score notice.
  dedupe_key text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  last_error text,
  UNIQUE (kind, dedupe_key)
);
CREATE INDEX notice_outbox_pending ON notice_outbox (next_attempt_at) WHERE delivered_at IS NULL;
