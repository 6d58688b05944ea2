-- The search index (internal/store/search_index.go): every searched text of every row, folded
-- (internal/textfold), with the grams and prefixes that find it, kept in the write's own
-- transaction. Grams and prefixes are UTF-8 bytes (VARBINARY): a collation's PAD SPACE would
-- make 'a ' and 'a' one key. t is the kind, numbered in the order of its reference name (searchKinds), so that
-- the index sorts hits as search ranks them. Keep in step with the other dialect's folder.
-- +goose Up
-- Each searched text of each row: to check and rank candidates, and to know a row's old grams.
CREATE TABLE search_texts (
  t      TINYINT NOT NULL,
  id     BIGINT NOT NULL,
  col    TINYINT NOT NULL,
  cls    TINYINT NOT NULL,
  len    INT NOT NULL,
  folded TEXT COLLATE utf8mb4_bin NOT NULL,
  PRIMARY KEY (t, id, col)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- The postings, as bitmaps (internal/store/search_bitmaps.go): one row per key and chunk of
-- 65,536 ids (chunk = id >> 16), whose bits are a roaring bitmap of the ids' low 16 bits.
-- search_grams: one posting per gram and row, under the best class and length of the row's
-- texts that hold it: read in key order, a gram's rows come in the order of a lower bound of
-- their rank.
CREATE TABLE search_grams (
  gram  VARBINARY(12) NOT NULL,
  cls   TINYINT NOT NULL,
  len   INT NOT NULL,
  t     TINYINT NOT NULL,
  chunk BIGINT NOT NULL,
  bits  BLOB NOT NULL,
  PRIMARY KEY (gram, cls, len, t, chunk)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- The first 1 to 8 characters of each name, code, English name and label, with its length:
-- the whole and start matches of a text, shortest first.
CREATE TABLE search_prefixes (
  p     VARBINARY(32) NOT NULL,
  len   INT NOT NULL,
  t     TINYINT NOT NULL,
  chunk BIGINT NOT NULL,
  bits  BLOB NOT NULL,
  PRIMARY KEY (p, len, t, chunk)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- How many rows of each kind hold each gram, split over shards by id so that writes at once
-- seldom wait on one count's row.
CREATE TABLE search_gram_counts (
  gram  VARBINARY(12) NOT NULL,
  t     TINYINT NOT NULL,
  shard TINYINT NOT NULL,
  n     BIGINT NOT NULL,
  PRIMARY KEY (gram, t, shard)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- Which build of the index the tables hold: none on a database migrated from before it, which
-- start-up then builds (store.Migrate).
CREATE TABLE search_index_state (
  build INT NOT NULL PRIMARY KEY
);

-- +goose Down
DROP TABLE search_index_state;
DROP TABLE search_gram_counts;
DROP TABLE search_prefixes;
DROP TABLE search_grams;
DROP TABLE search_texts;
