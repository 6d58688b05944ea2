-- The ancestors of each row's region at every level above the village, copied from regions, so
-- that the rows under a region, at any depth, are an index range on one column: the first
-- projects of every province are then a short read per province instead of a numbering of the
-- whole country. The store keeps the copies in Go whenever a row is written or moved to another
-- region (store.copyAncestors); a region's own ancestors never change (its code fixes its place
-- in the tree). This migration once also made triggers keep them; it makes none now, because
-- TiDB has no triggers, and 00011 drops those that databases migrated before it have.
-- Keep in step with ../mysql.
-- +goose Up
ALTER TABLE projects ADD COLUMN province_id BIGINT;
ALTER TABLE projects ADD COLUMN city_id BIGINT;
ALTER TABLE projects ADD COLUMN county_id BIGINT;
ALTER TABLE projects ADD COLUMN township_id BIGINT;
UPDATE projects SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = projects.region_id);
CREATE INDEX projects_province ON projects (province_id, id);
CREATE INDEX projects_city ON projects (city_id, id);
CREATE INDEX projects_county ON projects (county_id, id);
CREATE INDEX projects_township ON projects (township_id, id);
ALTER TABLE schools ADD COLUMN province_id BIGINT;
ALTER TABLE schools ADD COLUMN city_id BIGINT;
ALTER TABLE schools ADD COLUMN county_id BIGINT;
ALTER TABLE schools ADD COLUMN township_id BIGINT;
UPDATE schools SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = schools.region_id);
CREATE INDEX schools_province ON schools (province_id, id);
CREATE INDEX schools_city ON schools (city_id, id);
CREATE INDEX schools_county ON schools (county_id, id);
CREATE INDEX schools_township ON schools (township_id, id);
ALTER TABLE hospitals ADD COLUMN province_id BIGINT;
ALTER TABLE hospitals ADD COLUMN city_id BIGINT;
ALTER TABLE hospitals ADD COLUMN county_id BIGINT;
ALTER TABLE hospitals ADD COLUMN township_id BIGINT;
UPDATE hospitals SET (province_id, city_id, county_id, township_id) = (SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = hospitals.region_id);
CREATE INDEX hospitals_province ON hospitals (province_id, id);
CREATE INDEX hospitals_city ON hospitals (city_id, id);
CREATE INDEX hospitals_county ON hospitals (county_id, id);
CREATE INDEX hospitals_township ON hospitals (township_id, id);

-- +goose Down
DROP TRIGGER IF EXISTS hospitals_ancestors_update;
DROP TRIGGER IF EXISTS hospitals_ancestors_insert;
DROP INDEX hospitals_township;
DROP INDEX hospitals_county;
DROP INDEX hospitals_city;
DROP INDEX hospitals_province;
ALTER TABLE hospitals DROP COLUMN township_id;
ALTER TABLE hospitals DROP COLUMN county_id;
ALTER TABLE hospitals DROP COLUMN city_id;
ALTER TABLE hospitals DROP COLUMN province_id;
DROP TRIGGER IF EXISTS schools_ancestors_update;
DROP TRIGGER IF EXISTS schools_ancestors_insert;
DROP INDEX schools_township;
DROP INDEX schools_county;
DROP INDEX schools_city;
DROP INDEX schools_province;
ALTER TABLE schools DROP COLUMN township_id;
ALTER TABLE schools DROP COLUMN county_id;
ALTER TABLE schools DROP COLUMN city_id;
ALTER TABLE schools DROP COLUMN province_id;
DROP TRIGGER IF EXISTS projects_ancestors_update;
DROP TRIGGER IF EXISTS projects_ancestors_insert;
DROP INDEX projects_township;
DROP INDEX projects_county;
DROP INDEX projects_city;
DROP INDEX projects_province;
ALTER TABLE projects DROP COLUMN township_id;
ALTER TABLE projects DROP COLUMN county_id;
ALTER TABLE projects DROP COLUMN city_id;
ALTER TABLE projects DROP COLUMN province_id;
