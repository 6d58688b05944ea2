-- The ancestors of each row's region at every level above the village, copied from regions, so
-- that the rows under a region, at any depth, are an index range on one column: the first
-- projects of every province are then a short read per province instead of a numbering of the
-- whole country. The store keeps the copies in Go whenever a row is written or moved to another
-- region (store.copyAncestors); a region's own ancestors never change (its code fixes its place
-- in the tree). This migration once also made triggers keep them; it makes none now, because
-- TiDB has no triggers, and 00011 drops those that databases migrated before it have.
-- Keep in step with ../sqlite.
-- +goose Up
ALTER TABLE projects
  ADD COLUMN province_id BIGINT NULL,
  ADD COLUMN city_id BIGINT NULL,
  ADD COLUMN county_id BIGINT NULL,
  ADD COLUMN township_id BIGINT NULL;
UPDATE projects JOIN regions r ON r.id = projects.region_id SET projects.province_id = r.province_id, projects.city_id = r.city_id, projects.county_id = r.county_id, projects.township_id = r.township_id;
CREATE INDEX projects_province ON projects (province_id, id);
CREATE INDEX projects_city ON projects (city_id, id);
CREATE INDEX projects_county ON projects (county_id, id);
CREATE INDEX projects_township ON projects (township_id, id);
ALTER TABLE schools
  ADD COLUMN province_id BIGINT NULL,
  ADD COLUMN city_id BIGINT NULL,
  ADD COLUMN county_id BIGINT NULL,
  ADD COLUMN township_id BIGINT NULL;
UPDATE schools JOIN regions r ON r.id = schools.region_id SET schools.province_id = r.province_id, schools.city_id = r.city_id, schools.county_id = r.county_id, schools.township_id = r.township_id;
CREATE INDEX schools_province ON schools (province_id, id);
CREATE INDEX schools_city ON schools (city_id, id);
CREATE INDEX schools_county ON schools (county_id, id);
CREATE INDEX schools_township ON schools (township_id, id);
ALTER TABLE hospitals
  ADD COLUMN province_id BIGINT NULL,
  ADD COLUMN city_id BIGINT NULL,
  ADD COLUMN county_id BIGINT NULL,
  ADD COLUMN township_id BIGINT NULL;
UPDATE hospitals JOIN regions r ON r.id = hospitals.region_id SET hospitals.province_id = r.province_id, hospitals.city_id = r.city_id, hospitals.county_id = r.county_id, hospitals.township_id = r.township_id;
CREATE INDEX hospitals_province ON hospitals (province_id, id);
CREATE INDEX hospitals_city ON hospitals (city_id, id);
CREATE INDEX hospitals_county ON hospitals (county_id, id);
CREATE INDEX hospitals_township ON hospitals (township_id, id);

-- +goose Down
DROP TRIGGER IF EXISTS hospitals_ancestors_update;
DROP TRIGGER IF EXISTS hospitals_ancestors_insert;
DROP INDEX hospitals_township ON hospitals;
DROP INDEX hospitals_county ON hospitals;
DROP INDEX hospitals_city ON hospitals;
DROP INDEX hospitals_province ON hospitals;
ALTER TABLE hospitals DROP COLUMN township_id, DROP COLUMN county_id, DROP COLUMN city_id, DROP COLUMN province_id;
DROP TRIGGER IF EXISTS schools_ancestors_update;
DROP TRIGGER IF EXISTS schools_ancestors_insert;
DROP INDEX schools_township ON schools;
DROP INDEX schools_county ON schools;
DROP INDEX schools_city ON schools;
DROP INDEX schools_province ON schools;
ALTER TABLE schools DROP COLUMN township_id, DROP COLUMN county_id, DROP COLUMN city_id, DROP COLUMN province_id;
DROP TRIGGER IF EXISTS projects_ancestors_update;
DROP TRIGGER IF EXISTS projects_ancestors_insert;
DROP INDEX projects_township ON projects;
DROP INDEX projects_county ON projects;
DROP INDEX projects_city ON projects;
DROP INDEX projects_province ON projects;
ALTER TABLE projects DROP COLUMN township_id, DROP COLUMN county_id, DROP COLUMN city_id, DROP COLUMN province_id;
