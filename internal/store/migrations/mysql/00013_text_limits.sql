-- Columns as wide as the texts a write accepts (model.TextLimits): a name of 200 characters, as
-- the schema promises, was refused by VARCHAR(191) with "Data too long", and a locator of 500 by
-- VARCHAR(255). VARCHAR(200) of utf8mb4 is 800 bytes, well under the 3,072-byte key of
-- InnoDB's DYNAMIC rows (MySQL 8, MariaDB 10.6+). TestColumnsHoldTextLimits holds every text
-- column to its limit. Version 00012 is left to another change. Keep in step with ../sqlite.
-- +goose Up
ALTER TABLE schools MODIFY name VARCHAR(200) NOT NULL;
ALTER TABLE hospitals MODIFY name VARCHAR(200) NOT NULL;
ALTER TABLE collectives MODIFY name VARCHAR(200) NOT NULL;
ALTER TABLE projects MODIFY name VARCHAR(200) NOT NULL;
ALTER TABLE regions MODIFY name VARCHAR(200) NOT NULL;
ALTER TABLE sources MODIFY locator VARCHAR(500);

-- +goose Down
ALTER TABLE sources MODIFY locator VARCHAR(255);
ALTER TABLE regions MODIFY name VARCHAR(191) NOT NULL;
ALTER TABLE projects MODIFY name VARCHAR(191) NOT NULL;
ALTER TABLE collectives MODIFY name VARCHAR(191) NOT NULL;
ALTER TABLE hospitals MODIFY name VARCHAR(191) NOT NULL;
ALTER TABLE schools MODIFY name VARCHAR(191) NOT NULL;
