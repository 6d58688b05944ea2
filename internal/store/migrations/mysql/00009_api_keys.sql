-- API keys, for writes (and, with --require-reader-key, reads). A key is shown once, when it is
-- made, and only its SHA-256 (hex) is kept: a copy of the database lets no one act as a key.
-- A revoked key keeps its row and its name, so that the changes it made still name it. Keep in
-- step with ../sqlite.
-- +goose Up
CREATE TABLE api_keys (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name         VARCHAR(64) NOT NULL,   -- unique ignoring case (the table's collation), as on SQLite
  role         VARCHAR(16) NOT NULL,   -- reader, editor or admin (internal/auth)
  key_hash     CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at   DATETIME NOT NULL,      -- UTC
  revoked_at   DATETIME,
  last_used_at DATETIME,               -- to the hour: it is written at most once an hour
  CONSTRAINT api_keys_name UNIQUE (name),
  CONSTRAINT api_keys_key_hash UNIQUE (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE api_keys;
