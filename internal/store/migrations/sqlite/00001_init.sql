-- The first schema of aidgraph (SQLite). Keep it in step with ../mysql/00001_init.sql.
-- +goose Up
CREATE TABLE sources (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  title_en     TEXT,
  publisher    TEXT,
  authors      TEXT NOT NULL DEFAULT '[]',
  published_on TEXT,
  url          TEXT,
  locator      TEXT,
  note         TEXT
);

CREATE TABLE regions (
  id        INTEGER PRIMARY KEY,
  level     TEXT NOT NULL,
  kind      TEXT NOT NULL,
  code      TEXT UNIQUE,
  name      TEXT NOT NULL,
  name_en   TEXT,
  parent_id INTEGER REFERENCES regions (id),
  path      TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources (id)
);
CREATE INDEX regions_parent ON regions (parent_id, id);
CREATE INDEX regions_level ON regions (level, id);
CREATE INDEX regions_path ON regions (path);

CREATE TABLE programs (
  id        INTEGER PRIMARY KEY,
  ordinal   INTEGER NOT NULL,
  name      TEXT NOT NULL,
  name_en   TEXT NOT NULL,
  quote     TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources (id)
);

CREATE TABLE schools (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,
  name_en   TEXT,
  stage     TEXT,
  region_id INTEGER NOT NULL REFERENCES regions (id),
  source_id INTEGER NOT NULL REFERENCES sources (id)
);
CREATE INDEX schools_region ON schools (region_id, id);

CREATE TABLE hospitals (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,
  name_en   TEXT,
  level     TEXT NOT NULL,
  region_id INTEGER NOT NULL REFERENCES regions (id),
  source_id INTEGER NOT NULL REFERENCES sources (id)
);
CREATE INDEX hospitals_region ON hospitals (region_id, id);

CREATE TABLE collectives (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  name_en        TEXT,
  member_kind    TEXT NOT NULL,
  hospital_level TEXT,
  member_count   INTEGER,
  region_id      INTEGER NOT NULL REFERENCES regions (id),
  quote          TEXT NOT NULL,
  source_id      INTEGER NOT NULL REFERENCES sources (id)
);
CREATE INDEX collectives_region ON collectives (region_id, id);

CREATE TABLE projects (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  name_en          TEXT,
  description      TEXT,
  category         TEXT NOT NULL,
  program_id       INTEGER REFERENCES programs (id),
  status           TEXT,
  budget_yuan      INTEGER,
  funder_region_id INTEGER REFERENCES regions (id),
  region_id        INTEGER REFERENCES regions (id),
  start_date       TEXT,
  end_date         TEXT,
  quote            TEXT NOT NULL,
  source_id        INTEGER NOT NULL REFERENCES sources (id)
);
CREATE INDEX projects_region ON projects (region_id, id);
CREATE INDEX projects_funder ON projects (funder_region_id, id);
CREATE INDEX projects_program ON projects (program_id, id);

CREATE TABLE funds (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  name_en     TEXT,
  description TEXT,
  program_id  INTEGER REFERENCES programs (id),
  quote       TEXT NOT NULL,
  source_id   INTEGER NOT NULL REFERENCES sources (id)
);

CREATE TABLE pairings (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL,
  helper_type      TEXT NOT NULL,
  helper_id        INTEGER NOT NULL,
  helped_type      TEXT NOT NULL,
  helped_id        INTEGER NOT NULL,
  helper_region_id INTEGER NOT NULL REFERENCES regions (id),
  helped_region_id INTEGER NOT NULL REFERENCES regions (id),
  start_date       TEXT,
  part_of_id       INTEGER REFERENCES pairings (id),
  description      TEXT,
  quote            TEXT NOT NULL,
  source_id        INTEGER NOT NULL REFERENCES sources (id)
);
CREATE INDEX pairings_helper ON pairings (helper_type, helper_id, id);
CREATE INDEX pairings_helped ON pairings (helped_type, helped_id, id);
CREATE INDEX pairings_helper_region ON pairings (helper_region_id, id);
CREATE INDEX pairings_helped_region ON pairings (helped_region_id, id);
CREATE INDEX pairings_part_of ON pairings (part_of_id, id);

CREATE TABLE figures (
  id            INTEGER PRIMARY KEY,
  metric        TEXT NOT NULL,
  label         TEXT NOT NULL,
  label_zh      TEXT NOT NULL,
  value_e4      INTEGER NOT NULL,
  unit          TEXT NOT NULL,
  qualifier     TEXT NOT NULL,
  original_text TEXT NOT NULL,
  quote         TEXT NOT NULL,
  source_id     INTEGER NOT NULL REFERENCES sources (id),
  subject_type  TEXT NOT NULL,
  subject_id    INTEGER NOT NULL,
  program_id    INTEGER REFERENCES programs (id),
  period_start  TEXT,
  period_end    TEXT,
  time_text     TEXT,
  part_of_id    INTEGER REFERENCES figures (id),
  restates_id   INTEGER REFERENCES figures (id),
  note          TEXT
);
CREATE INDEX figures_source ON figures (source_id, id);
CREATE INDEX figures_subject ON figures (subject_type, subject_id, id);
CREATE INDEX figures_program ON figures (program_id, id);
CREATE INDEX figures_part_of ON figures (part_of_id, id);

-- One row per dataset loaded into this database, with the checksum of what was loaded.
CREATE TABLE datasets (
  name      TEXT PRIMARY KEY,
  checksum  TEXT NOT NULL,
  loaded_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE datasets;
DROP TABLE figures;
DROP TABLE pairings;
DROP TABLE funds;
DROP TABLE projects;
DROP TABLE collectives;
DROP TABLE hospitals;
DROP TABLE schools;
DROP TABLE programs;
DROP TABLE regions;
DROP TABLE sources;
