-- The operation registry (named operations): the example queries and those an admin registers,
-- by the SHA-256 of their exact text, so that every instance trusts, serves at /op/NAME and
-- offers as MCP tools the same list. Self-contained: it touches no other table. Keep in step
-- with ../sqlite.
-- +goose Up
CREATE TABLE operations (
  hash        CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY, -- SHA-256 of document, lowercase hex
  name        VARCHAR(64) NOT NULL,   -- unique ignoring case (the table's collation), as on SQLite
  description TEXT NOT NULL,          -- the document's leading comment
  document    MEDIUMTEXT NOT NULL,
  created_at  DATETIME NOT NULL,      -- UTC
  CONSTRAINT operations_name UNIQUE (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE operations;
