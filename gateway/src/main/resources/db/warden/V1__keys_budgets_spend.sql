-- Keys, budgets, reservations and spend: the same schema on H2 (embedded) and PostgreSQL.
-- Money is in nano-USD (1e-9 USD) as BIGINT: exact sums, and a token at $0.10 per million is 100.
-- Times are TIMESTAMP WITH TIME ZONE in UTC.

-- Virtual keys made through /admin/keys (keys of the configuration file are not stored).
CREATE TABLE warden_keys (
  id                   VARCHAR(128) PRIMARY KEY,
  sha256               CHAR(64)     NOT NULL UNIQUE,   -- SHA-256 of the secret, hex; the secret is never stored
  previous_sha256      CHAR(64),                       -- the secret before the last rotation ...
  previous_valid_until TIMESTAMP WITH TIME ZONE,       -- ... accepted until then
  user_name            VARCHAR(256) NOT NULL DEFAULT '',
  team                 VARCHAR(256) NOT NULL DEFAULT '',
  tenant               VARCHAR(256) NOT NULL DEFAULT '',
  app                  VARCHAR(256) NOT NULL DEFAULT '',
  region               VARCHAR(64)  NOT NULL DEFAULT '',
  env                  VARCHAR(64)  NOT NULL DEFAULT '',
  roles                VARCHAR      NOT NULL DEFAULT '[]',  -- JSON array of strings
  models               VARCHAR      NOT NULL DEFAULT '[]',  -- JSON array; empty: every model
  limits               VARCHAR      NOT NULL DEFAULT '{}',  -- JSON object as keys[].limits in the configuration
  expires_at           TIMESTAMP WITH TIME ZONE,
  revoked_at           TIMESTAMP WITH TIME ZONE,
  created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX warden_keys_previous ON warden_keys (previous_sha256);

-- Budgets: from the configuration (origin 'config', rewritten at every start) or the admin API ('admin').
CREATE TABLE warden_budgets (
  scope          VARCHAR(16)  NOT NULL,                -- key | user | team | tenant | app
  subject        VARCHAR(256) NOT NULL,
  amount_nanousd BIGINT       NOT NULL,
  period         VARCHAR(16)  NOT NULL,                -- daily | weekly | monthly | none
  cap_percent    DOUBLE PRECISION,                     -- null: the budget only informs the rules
  origin         VARCHAR(16)  NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (scope, subject)
);

-- What each budget has spent in each period (settled spend only).
CREATE TABLE warden_budget_usage (
  scope         VARCHAR(16)  NOT NULL,
  subject       VARCHAR(256) NOT NULL,
  period_start  TIMESTAMP WITH TIME ZONE NOT NULL,
  spent_nanousd BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, subject, period_start)
);

-- Reservations of calls in flight: written before the call, deleted when it is settled. One
-- left behind by a crash expires at expires_at and is settled at its amount.
CREATE TABLE warden_reservations (
  request_id     VARCHAR(64)  PRIMARY KEY,
  key_id         VARCHAR(128) NOT NULL,
  user_name      VARCHAR(256) NOT NULL DEFAULT '',
  team           VARCHAR(256) NOT NULL DEFAULT '',
  tenant         VARCHAR(256) NOT NULL DEFAULT '',
  app            VARCHAR(256) NOT NULL DEFAULT '',
  model          VARCHAR(128) NOT NULL,
  amount_nanousd BIGINT       NOT NULL,
  budgets        VARCHAR      NOT NULL DEFAULT '[]',   -- JSON: the [scope, subject, period_start] it holds
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX warden_reservations_expiry ON warden_reservations (expires_at);

-- One row per metered call: what spend reports and the ledger are made of.
CREATE TABLE warden_spend (
  request_id      VARCHAR(64)  PRIMARY KEY,
  occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  key_id          VARCHAR(128) NOT NULL,
  user_name       VARCHAR(256) NOT NULL DEFAULT '',
  team            VARCHAR(256) NOT NULL DEFAULT '',
  tenant          VARCHAR(256) NOT NULL DEFAULT '',
  app             VARCHAR(256) NOT NULL DEFAULT '',
  requested_model VARCHAR(128) NOT NULL DEFAULT '',
  model           VARCHAR(128) NOT NULL,               -- the model that served (cost is at its prices)
  endpoint        VARCHAR(64)  NOT NULL DEFAULT '',
  tags            VARCHAR      NOT NULL DEFAULT '{}',  -- JSON object of the request's tags
  input_tokens    BIGINT       NOT NULL,
  output_tokens   BIGINT       NOT NULL,
  cached_tokens   BIGINT       NOT NULL DEFAULT 0,
  cost_nanousd    BIGINT       NOT NULL,
  estimated       BOOLEAN      NOT NULL,               -- tokens counted or estimated, not the provider's usage
  outcome         VARCHAR(16)  NOT NULL                -- settled | expired (a crash left the reservation)
);
CREATE INDEX warden_spend_time ON warden_spend (occurred_at);
