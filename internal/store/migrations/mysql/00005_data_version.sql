-- One counter that every committed write bumps. Each server instance keys its result cache on
-- it, so a write through any instance invalidates every instance's cache.
-- +goose Up
CREATE TABLE data_version (
  id      INTEGER NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE data_version;
