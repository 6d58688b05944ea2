-- Each region's ancestor at every level (itself at its own level), so that rows can be grouped
-- by their region at any level with a plain GROUP BY. Keep in step with ../mysql.
-- +goose Up
ALTER TABLE regions ADD COLUMN province_id INTEGER REFERENCES regions (id);
ALTER TABLE regions ADD COLUMN city_id INTEGER REFERENCES regions (id);
ALTER TABLE regions ADD COLUMN county_id INTEGER REFERENCES regions (id);
ALTER TABLE regions ADD COLUMN township_id INTEGER REFERENCES regions (id);
ALTER TABLE regions ADD COLUMN village_id INTEGER REFERENCES regions (id);
CREATE INDEX regions_province ON regions (province_id);
CREATE INDEX regions_city ON regions (city_id);
CREATE INDEX regions_county ON regions (county_id);
CREATE INDEX regions_township ON regions (township_id);

-- +goose Down
DROP INDEX regions_township;
DROP INDEX regions_county;
DROP INDEX regions_city;
DROP INDEX regions_province;
ALTER TABLE regions DROP COLUMN village_id;
ALTER TABLE regions DROP COLUMN township_id;
ALTER TABLE regions DROP COLUMN county_id;
ALTER TABLE regions DROP COLUMN city_id;
ALTER TABLE regions DROP COLUMN province_id;
