// The raw server's schema: the calls table and the monthly totals of the release before rating
// (migrations 1764000000000-1764000000002 of commit 2f542f2), which bench/raw-server.js was
// written against. The service's own migrations have since moved on (rated calls, totals per
// rate), so the bench creates these tables itself for the raw server's database.
export const RAW_SCHEMA = [
  `CREATE TABLE calls (
    id bigint NOT NULL AUTO_INCREMENT,
    user_name varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    call_duration int NOT NULL,
    created_at datetime(6) NOT NULL,
    updated_at datetime(6) NOT NULL,
    idempotency_key varchar(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (id),
    KEY idx_calls_user_created (user_name, created_at, id),
    UNIQUE KEY uq_calls_user_idempotency_key (user_name, idempotency_key),
    CONSTRAINT chk_calls_call_duration CHECK (call_duration >= 0)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  `CREATE TABLE billing_totals (
    user_name varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    period char(7) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    call_count bigint NOT NULL,
    total_duration bigint NOT NULL,
    block_count bigint NOT NULL,
    PRIMARY KEY (user_name, period)
  ) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin`,
  `CREATE TABLE billing_state (
    id tinyint NOT NULL,
    block_ms int NOT NULL,
    PRIMARY KEY (id)
  ) ENGINE=InnoDB`,
];
