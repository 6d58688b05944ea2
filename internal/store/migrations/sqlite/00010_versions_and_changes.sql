-- Writes: each editable row has a version that every update and delete names (no lost update),
-- and every change is kept in changes, in the write's own transaction: who (the key's name),
-- when, what, and the row before and after, as JSON. seq is the data version the write took at
-- its start: writes hold data_version's row from their first statement to their commit, so
-- seq is the order in which they commit, and a feed read by seq never skips one that
-- committed late. A deleted row leaves its table (so that no list, lookup, count or summary
-- has to skip it) and lives on in its DELETE change, from which an admin restores it.
-- Keep in step with ../mysql.
-- +goose Up
ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE regions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE schools ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE hospitals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE collectives ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE projects ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pairings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE figures ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE changes (
  id        INTEGER PRIMARY KEY,
  seq       BIGINT NOT NULL,       -- the data version the write took: commit order
  node_type VARCHAR(32) NOT NULL,  -- the GraphQL type (School, Figure, ...)
  node_id   BIGINT NOT NULL,
  op        VARCHAR(16) NOT NULL,  -- CREATE, UPDATE, DELETE, RESTORE
  version   INTEGER NOT NULL,      -- the row's version after the change (before it, for DELETE)
  author    VARCHAR(100) NOT NULL, -- the API key's name, or the command that wrote
  at        TEXT NOT NULL,          -- UTC, RFC 3339
  before_json TEXT,
  after_json  TEXT
);
CREATE INDEX changes_seq ON changes (seq, id);
CREATE INDEX changes_node ON changes (node_type, node_id, seq);

-- +goose Down
DROP TABLE changes;
ALTER TABLE figures DROP COLUMN version;
ALTER TABLE pairings DROP COLUMN version;
ALTER TABLE projects DROP COLUMN version;
ALTER TABLE collectives DROP COLUMN version;
ALTER TABLE hospitals DROP COLUMN version;
ALTER TABLE schools DROP COLUMN version;
ALTER TABLE regions DROP COLUMN version;
ALTER TABLE sources DROP COLUMN version;
