-- Regions are listed in code order by default (store's tableSpec.defaultOrder), as the schema
-- says; their ids are not in code order. These indexes serve a township's villages, a level's
-- regions and their keyset pages in that order, as (parent_id, id) and (level, id) serve the id
-- order (every index ends with the id, the primary key). The unique index on code serves the
-- list of every region.
-- Keep in step with ../sqlite.
-- +goose Up
CREATE INDEX regions_parent_code ON regions (parent_id, code);
CREATE INDEX regions_level_code ON regions (level, code);

-- +goose Down
DROP INDEX regions_level_code ON regions;
DROP INDEX regions_parent_code ON regions;
