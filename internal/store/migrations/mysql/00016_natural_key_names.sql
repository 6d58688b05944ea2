-- Natural keys looked up by name: a write's check that no other school (hospital, project,
-- collective) of its name is recorded in its region read every row of the region, so that an
-- import of many rows into few regions cost the square of its rows; a bulk import looks up a
-- batch of names in one statement (store.TakenMany). Keep in step with the other dialect's.
-- +goose Up
CREATE INDEX schools_name ON schools (name);
CREATE INDEX hospitals_name ON hospitals (name);
CREATE INDEX projects_name ON projects (name);
CREATE INDEX collectives_name ON collectives (name);

-- +goose Down
DROP INDEX schools_name ON schools;
DROP INDEX hospitals_name ON hospitals;
DROP INDEX projects_name ON projects;
DROP INDEX collectives_name ON collectives;
