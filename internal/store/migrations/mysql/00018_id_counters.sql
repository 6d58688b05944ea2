-- New rows' ids. A create takes its id from its table's counter in a statement of its own,
-- outside the write's transaction (store.Tx.nextID), so that writes creating rows of one table
-- at once neither take the same id nor wait for each other's commit; an id a rolled-back write
-- took is never used. next_id is the last id given; a create takes past it and past every id
-- its table and the change log hold (rows loaded in bulk or deleted), so the counter never
-- needs setting by hand. SQLite, with one writer at a time, needs no counter and keeps none.
-- Keep in step with the other dialect's folder.
-- +goose Up
CREATE TABLE id_counters (
  tbl     VARCHAR(64) NOT NULL PRIMARY KEY,
  next_id BIGINT NOT NULL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO id_counters (tbl, next_id) VALUES ('sources', 0), ('regions', 0), ('schools', 0), ('hospitals', 0),
  ('collectives', 0), ('projects', 0), ('pairings', 0), ('figures', 0);

-- +goose Down
DROP TABLE id_counters;
