-- Read paths of the hotline API (hotlineTrend, hotlineStats by unit).
--
-- hotlineTrend counts orders per China Standard Time day and category. Summing the hourly
-- rollup over a year reads ~180,000 rows (hour × district × category) and takes ~150 ms of
-- CPU; the same figures per day are ~25,000 rows. hotline_category_daily holds them: the
-- 'hotline_category' rows of event_rollup_1h summed per CST day, kept equal to that sum by
-- row triggers whatever path writes the rollup (TimescaleDB hypertables allow no transition
-- tables, so the triggers are per row; ingest upserts few category rows per batch).

CREATE TABLE hotline_category_daily (
  day date NOT NULL,
  -- '' outside every district or not yet known, as in event_rollup_1h.
  district text NOT NULL,
  category text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (day, district, category)
);

CREATE FUNCTION twin_category_daily_add(bucket timestamptz, district text, category text, delta integer)
  RETURNS void LANGUAGE sql AS $$
  INSERT INTO hotline_category_daily AS d (day, district, category, count)
  VALUES (twin_cst_day(bucket), district, category, delta)
  ON CONFLICT (day, district, category) DO UPDATE SET count = d.count + excluded.count
$$;

CREATE FUNCTION twin_category_daily_apply() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.stream = NEW.stream AND OLD.type = NEW.type
     AND OLD.district = NEW.district AND OLD.bucket = NEW.bucket THEN
    -- The usual case: ingest adds to an hour's count.
    PERFORM twin_category_daily_add(NEW.bucket, NEW.district, NEW.type, NEW.count - OLD.count);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.stream = 'hotline_category' THEN
    PERFORM twin_category_daily_add(OLD.bucket, OLD.district, OLD.type, -OLD.count);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.stream = 'hotline_category' THEN
    PERFORM twin_category_daily_add(NEW.bucket, NEW.district, NEW.type, NEW.count);
  END IF;
  RETURN NULL;
END $$;

-- The WHEN clauses keep the other streams' rows (video, hotline actions) from calling it.
CREATE TRIGGER event_rollup_category_insert AFTER INSERT ON event_rollup_1h
  FOR EACH ROW WHEN (NEW.stream = 'hotline_category') EXECUTE FUNCTION twin_category_daily_apply();
CREATE TRIGGER event_rollup_category_update AFTER UPDATE ON event_rollup_1h
  FOR EACH ROW WHEN (OLD.stream = 'hotline_category' OR NEW.stream = 'hotline_category')
  EXECUTE FUNCTION twin_category_daily_apply();
CREATE TRIGGER event_rollup_category_delete AFTER DELETE ON event_rollup_1h
  FOR EACH ROW WHEN (OLD.stream = 'hotline_category') EXECUTE FUNCTION twin_category_daily_apply();

INSERT INTO hotline_category_daily (day, district, category, count)
SELECT twin_cst_day(bucket), district, type, sum(count)
FROM event_rollup_1h WHERE stream = 'hotline_category'
GROUP BY 1, 2, 3;

-- hotlineStats of one unit: its rows of the period without reading every unit's.
CREATE INDEX hotline_daily_unit_day ON hotline_daily (unit_id, day);
