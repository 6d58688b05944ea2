-- Derived data kept in Go, in each write's own transaction, cheaply.
-- The rows' copies of their region's ancestors: Go writes them (store.copyAncestors), no longer
-- triggers, because TiDB, the distributed MySQL-compatible engine, has none. IF EXISTS, so that a
-- database whose 00007 made no triggers migrates too.
-- project_stats: a write of a few projects recomputes only the groups it touched
-- (store.refreshProjectGroups), which reads every project of a group (46,000 at national scale).
-- The index on (category, status, budget_yuan, id) that lists use gains the dates, so that this
-- read never leaves the index: on MariaDB with its default 128 MiB buffer pool, the two largest
-- groups took 8-11 s before and 0.11-0.26 s after, the whole table 77-88 s and 0.9-1.6 s. It
-- replaces the old index, whose every use it serves.
-- Keep in step with ../mysql.
-- +goose Up
DROP TRIGGER IF EXISTS projects_ancestors_insert;
DROP TRIGGER IF EXISTS projects_ancestors_update;
DROP TRIGGER IF EXISTS schools_ancestors_insert;
DROP TRIGGER IF EXISTS schools_ancestors_update;
DROP TRIGGER IF EXISTS hospitals_ancestors_insert;
DROP TRIGGER IF EXISTS hospitals_ancestors_update;
CREATE INDEX projects_category_status_budget_dates ON projects (category, status, budget_yuan, id, start_date, end_date);
DROP INDEX projects_category_status_budget;

-- +goose Down
CREATE INDEX projects_category_status_budget ON projects (category, status, budget_yuan, id);
DROP INDEX projects_category_status_budget_dates;
-- The triggers of 00007, as they were.
-- +goose StatementBegin
CREATE TRIGGER projects_ancestors_insert AFTER INSERT ON projects FOR EACH ROW BEGIN
  UPDATE projects SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = NEW.region_id) WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER projects_ancestors_update AFTER UPDATE OF region_id ON projects FOR EACH ROW BEGIN
  UPDATE projects SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = NEW.region_id) WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER schools_ancestors_insert AFTER INSERT ON schools FOR EACH ROW BEGIN
  UPDATE schools SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = NEW.region_id) WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER schools_ancestors_update AFTER UPDATE OF region_id ON schools FOR EACH ROW BEGIN
  UPDATE schools SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = NEW.region_id) WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER hospitals_ancestors_insert AFTER INSERT ON hospitals FOR EACH ROW BEGIN
  UPDATE hospitals SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = NEW.region_id) WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER hospitals_ancestors_update AFTER UPDATE OF region_id ON hospitals FOR EACH ROW BEGIN
  UPDATE hospitals SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = NEW.region_id) WHERE id = NEW.id;
END;
-- +goose StatementEnd
