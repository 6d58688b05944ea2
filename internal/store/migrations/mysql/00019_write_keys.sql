-- Natural keys being written. A write that checks that no other row has a natural key (a
-- school's name in its region, say) first inserts the key's hash here and deletes it before its
-- commit: a second write of the same key waits on that row until the first commits, then sees
-- its row. So two writes at once cannot both record the same natural key, though they no longer
-- run one at a time. The table is empty but for writes in flight. SQLite, one writer at a time,
-- leaves it empty. Keep in step with the other dialect's folder.
-- +goose Up
CREATE TABLE write_keys (
  k CHAR(64) NOT NULL PRIMARY KEY
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE write_keys;
