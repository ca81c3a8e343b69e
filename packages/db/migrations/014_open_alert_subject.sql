-- The IoT and video scenes read each device's and camera's unresolved alerts (its state,
-- highest severity and open alerts) on every poll: an index of the unresolved alerts by
-- source and subject keeps that a scan of the few open ones, however long the history grows.
CREATE INDEX alert_open_subject ON alert (source, subject) WHERE status <> 'resolved';
