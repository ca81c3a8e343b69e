-- Satisfaction over every callback (DESIGN.md §3: satisfied + basically satisfied ÷
-- callbacks): a reopened order was called back more than once, and its earlier verdicts
-- count too. Until now hotline_daily counted each order's latest callback only.
ALTER TABLE ticket
  ADD COLUMN callbacks integer NOT NULL DEFAULT 0,
  ADD COLUMN satisfied_callbacks integer NOT NULL DEFAULT 0;

-- Adds the contribution of changed ticket rows to hotline_daily.
CREATE OR REPLACE FUNCTION twin_hotline_daily_apply() RETURNS trigger
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
      sum(sign * callbacks) AS callbacks,
      sum(sign * satisfied_callbacks) AS satisfied,
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

-- Existing orders: count their callbacks, then rebuild hotline_daily from the orders with
-- the new definition (the update trigger is off meanwhile; the rebuild replaces its work).
ALTER TABLE ticket DISABLE TRIGGER ticket_daily_update;
UPDATE ticket t SET callbacks = c.n, satisfied_callbacks = c.satisfied
FROM (
  SELECT ticket_id, count(*)::int AS n,
    (count(*) FILTER (WHERE payload->>'satisfaction' IN ('satisfied', 'basically_satisfied')))::int AS satisfied
  FROM hotline_event WHERE action = 'revisited' GROUP BY ticket_id
) c
WHERE c.ticket_id = t.id;
ALTER TABLE ticket ENABLE TRIGGER ticket_daily_update;

TRUNCATE hotline_daily;
INSERT INTO hotline_daily
SELECT twin_cst_day(created_at), coalesce(district, ''), coalesce(unit_id, ''),
  count(*),
  count(*) FILTER (WHERE completed_at IS NOT NULL),
  count(*) FILTER (WHERE completed_at IS NOT NULL OR overdue_complete),
  count(*) FILTER (WHERE completed_at IS NOT NULL AND NOT overdue_complete),
  count(*) FILTER (WHERE signed_at IS NOT NULL OR overdue_sign),
  count(*) FILTER (WHERE signed_at IS NOT NULL AND NOT overdue_sign),
  count(*) FILTER (WHERE overdue_sign),
  count(*) FILTER (WHERE overdue_complete),
  count(*) FILTER (WHERE overdue_complete AND completed_at IS NULL),
  coalesce(sum(callbacks), 0),
  coalesce(sum(satisfied_callbacks), 0),
  coalesce(sum(extract(epoch FROM completed_at - created_at)) FILTER (WHERE completed_at IS NOT NULL), 0)
FROM ticket WHERE created_at IS NOT NULL
GROUP BY 1, 2, 3;
