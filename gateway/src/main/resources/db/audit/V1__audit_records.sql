-- Warden audit records: one row per record of a gateway's audit log (log_id names the log, seq
-- is its sequence number). `line` is the record exactly as the local log holds it, so the hash
-- chain can be verified from the database too; `record` is the same JSON as jsonb for queries.
CREATE TABLE audit_records (
  log_id       TEXT        NOT NULL,
  seq          BIGINT      NOT NULL,
  segment      BIGINT      NOT NULL,
  request_id   TEXT        NOT NULL,
  time         TIMESTAMPTZ NOT NULL,
  key_id       TEXT,
  team         TEXT,
  status       INTEGER     NOT NULL,
  outcome      TEXT        NOT NULL,
  blocked_by   TEXT,
  revision     TEXT,
  model_served TEXT,
  record       JSONB       NOT NULL,
  line         TEXT        NOT NULL,
  PRIMARY KEY (log_id, seq)
);

CREATE INDEX audit_records_time ON audit_records (time);
CREATE INDEX audit_records_request ON audit_records (request_id);
CREATE INDEX audit_records_team_time ON audit_records (team, time);
CREATE INDEX audit_records_blocked ON audit_records (blocked_by, time) WHERE blocked_by IS NOT NULL;
