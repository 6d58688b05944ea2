-- Each region's ancestor at every level (itself at its own level), so that rows can be grouped
-- by their region at any level with a plain GROUP BY. Keep in step with ../sqlite.
-- +goose Up
ALTER TABLE regions
  ADD COLUMN province_id BIGINT NULL,
  ADD COLUMN city_id BIGINT NULL,
  ADD COLUMN county_id BIGINT NULL,
  ADD COLUMN township_id BIGINT NULL,
  ADD COLUMN village_id BIGINT NULL,
  ADD CONSTRAINT regions_province_id_fk FOREIGN KEY (province_id) REFERENCES regions (id),
  ADD CONSTRAINT regions_city_id_fk FOREIGN KEY (city_id) REFERENCES regions (id),
  ADD CONSTRAINT regions_county_id_fk FOREIGN KEY (county_id) REFERENCES regions (id),
  ADD CONSTRAINT regions_township_id_fk FOREIGN KEY (township_id) REFERENCES regions (id),
  ADD CONSTRAINT regions_village_id_fk FOREIGN KEY (village_id) REFERENCES regions (id);

-- +goose Down
ALTER TABLE regions
  DROP FOREIGN KEY regions_village_id_fk,
  DROP FOREIGN KEY regions_township_id_fk,
  DROP FOREIGN KEY regions_county_id_fk,
  DROP FOREIGN KEY regions_city_id_fk,
  DROP FOREIGN KEY regions_province_id_fk,
  DROP COLUMN village_id,
  DROP COLUMN township_id,
  DROP COLUMN county_id,
  DROP COLUMN city_id,
  DROP COLUMN province_id;
