-- The operation registry (named operations): the example queries and those an admin registers,
-- by the SHA-256 of their exact text, so that every instance trusts, serves at /op/NAME and
-- offers as MCP tools the same list. Self-contained: it touches no other table. Keep in step
-- with ../mysql.
-- +goose Up
CREATE TABLE operations (
  hash        CHAR(64) NOT NULL PRIMARY KEY,   -- SHA-256 of document, lowercase hex
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL,                   -- the document's leading comment
  document    TEXT NOT NULL,
  created_at  DATETIME NOT NULL                -- UTC
);

-- +goose Down
DROP TABLE operations;
