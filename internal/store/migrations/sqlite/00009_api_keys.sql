-- API keys, for writes (and, with --require-reader-key, reads). A key is shown once, when it is
-- made, and only its SHA-256 (hex) is kept: a copy of the database lets no one act as a key.
-- A revoked key keeps its row and its name, so that the changes it made still name it. Keep in
-- step with ../mysql.
-- +goose Up
CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE COLLATE NOCASE, -- unique ignoring case, as on MySQL
  role         TEXT NOT NULL,          -- reader, editor or admin (internal/auth)
  key_hash     CHAR(64) NOT NULL UNIQUE,
  created_at   DATETIME NOT NULL,      -- UTC
  revoked_at   DATETIME,
  last_used_at DATETIME                -- to the hour: it is written at most once an hour
);

-- +goose Down
DROP TABLE api_keys;
