-- The search index: see ../mysql/00020_search_index.sql for what each table holds. Its tables
-- are WITHOUT ROWID, so that each is stored in its key's order. Keep in step with the other
-- dialect's folder.
-- +goose Up
CREATE TABLE search_texts (
  t      INTEGER NOT NULL,
  id     INTEGER NOT NULL,
  col    INTEGER NOT NULL,
  cls    INTEGER NOT NULL,
  len    INTEGER NOT NULL,
  folded TEXT NOT NULL,
  PRIMARY KEY (t, id, col)
) WITHOUT ROWID;
CREATE TABLE search_grams (
  gram  TEXT NOT NULL,
  cls   INTEGER NOT NULL,
  len   INTEGER NOT NULL,
  t     INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  bits  BLOB NOT NULL,
  PRIMARY KEY (gram, cls, len, t, chunk)
) WITHOUT ROWID;
CREATE TABLE search_prefixes (
  p     TEXT NOT NULL,
  len   INTEGER NOT NULL,
  t     INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  bits  BLOB NOT NULL,
  PRIMARY KEY (p, len, t, chunk)
) WITHOUT ROWID;
CREATE TABLE search_gram_counts (
  gram  TEXT NOT NULL,
  t     INTEGER NOT NULL,
  shard INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (gram, t, shard)
) WITHOUT ROWID;
CREATE TABLE search_index_state (
  build INTEGER NOT NULL PRIMARY KEY
);

-- +goose Down
DROP TABLE search_index_state;
DROP TABLE search_gram_counts;
DROP TABLE search_prefixes;
DROP TABLE search_grams;
DROP TABLE search_texts;
