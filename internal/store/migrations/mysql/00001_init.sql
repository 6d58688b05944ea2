-- The first schema of aidgraph (MySQL/MariaDB). Keep it in step with ../sqlite/00001_init.sql.
-- +goose Up
CREATE TABLE sources (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind         VARCHAR(32) NOT NULL,
  title        VARCHAR(500) NOT NULL,
  title_en     VARCHAR(500),
  publisher    VARCHAR(255),
  authors      TEXT NOT NULL,
  published_on VARCHAR(10),
  url          VARCHAR(1000),
  locator      VARCHAR(255),
  note         TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE regions (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  level     VARCHAR(32) NOT NULL,
  kind      VARCHAR(32) NOT NULL,
  code      CHAR(12) CHARACTER SET ascii UNIQUE,
  name      VARCHAR(191) NOT NULL,
  name_en   VARCHAR(255),
  parent_id BIGINT,
  path      VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  source_id BIGINT NOT NULL,
  CONSTRAINT regions_parent_id_fk FOREIGN KEY (parent_id) REFERENCES regions (id),
  CONSTRAINT regions_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX regions_parent ON regions (parent_id, id);
CREATE INDEX regions_level ON regions (level, id);
CREATE INDEX regions_path ON regions (path);

CREATE TABLE programs (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ordinal   BIGINT NOT NULL,
  name      VARCHAR(191) NOT NULL,
  name_en   VARCHAR(255) NOT NULL,
  quote     TEXT NOT NULL,
  source_id BIGINT NOT NULL,
  CONSTRAINT programs_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE schools (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name      VARCHAR(191) NOT NULL,
  name_en   VARCHAR(255),
  stage     VARCHAR(32),
  region_id BIGINT NOT NULL,
  source_id BIGINT NOT NULL,
  CONSTRAINT schools_region_id_fk FOREIGN KEY (region_id) REFERENCES regions (id),
  CONSTRAINT schools_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX schools_region ON schools (region_id, id);

CREATE TABLE hospitals (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name      VARCHAR(191) NOT NULL,
  name_en   VARCHAR(255),
  level     VARCHAR(32) NOT NULL,
  region_id BIGINT NOT NULL,
  source_id BIGINT NOT NULL,
  CONSTRAINT hospitals_region_id_fk FOREIGN KEY (region_id) REFERENCES regions (id),
  CONSTRAINT hospitals_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX hospitals_region ON hospitals (region_id, id);

CREATE TABLE collectives (
  id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name           VARCHAR(191) NOT NULL,
  name_en        VARCHAR(255),
  member_kind    VARCHAR(32) NOT NULL,
  hospital_level VARCHAR(32),
  member_count   BIGINT,
  region_id      BIGINT NOT NULL,
  quote          TEXT NOT NULL,
  source_id      BIGINT NOT NULL,
  CONSTRAINT collectives_region_id_fk FOREIGN KEY (region_id) REFERENCES regions (id),
  CONSTRAINT collectives_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX collectives_region ON collectives (region_id, id);

CREATE TABLE projects (
  id               BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name             VARCHAR(191) NOT NULL,
  name_en          VARCHAR(255),
  description      TEXT,
  category         VARCHAR(32) NOT NULL,
  program_id       BIGINT,
  status           VARCHAR(32),
  budget_yuan      BIGINT,
  funder_region_id BIGINT,
  region_id        BIGINT,
  start_date       VARCHAR(10),
  end_date         VARCHAR(10),
  quote            TEXT NOT NULL,
  source_id        BIGINT NOT NULL,
  CONSTRAINT projects_program_id_fk FOREIGN KEY (program_id) REFERENCES programs (id),
  CONSTRAINT projects_funder_region_id_fk FOREIGN KEY (funder_region_id) REFERENCES regions (id),
  CONSTRAINT projects_region_id_fk FOREIGN KEY (region_id) REFERENCES regions (id),
  CONSTRAINT projects_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX projects_region ON projects (region_id, id);
CREATE INDEX projects_funder ON projects (funder_region_id, id);
CREATE INDEX projects_program ON projects (program_id, id);

CREATE TABLE funds (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(191) NOT NULL,
  name_en     VARCHAR(255),
  description TEXT,
  program_id  BIGINT,
  quote       TEXT NOT NULL,
  source_id   BIGINT NOT NULL,
  CONSTRAINT funds_program_id_fk FOREIGN KEY (program_id) REFERENCES programs (id),
  CONSTRAINT funds_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE pairings (
  id               BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind             VARCHAR(32) NOT NULL,
  helper_type      VARCHAR(32) NOT NULL,
  helper_id        BIGINT NOT NULL,
  helped_type      VARCHAR(32) NOT NULL,
  helped_id        BIGINT NOT NULL,
  helper_region_id BIGINT NOT NULL,
  helped_region_id BIGINT NOT NULL,
  start_date       VARCHAR(10),
  part_of_id       BIGINT,
  description      TEXT,
  quote            TEXT NOT NULL,
  source_id        BIGINT NOT NULL,
  CONSTRAINT pairings_helper_region_id_fk FOREIGN KEY (helper_region_id) REFERENCES regions (id),
  CONSTRAINT pairings_helped_region_id_fk FOREIGN KEY (helped_region_id) REFERENCES regions (id),
  CONSTRAINT pairings_part_of_id_fk FOREIGN KEY (part_of_id) REFERENCES pairings (id),
  CONSTRAINT pairings_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX pairings_helper ON pairings (helper_type, helper_id, id);
CREATE INDEX pairings_helped ON pairings (helped_type, helped_id, id);
CREATE INDEX pairings_helper_region ON pairings (helper_region_id, id);
CREATE INDEX pairings_helped_region ON pairings (helped_region_id, id);
CREATE INDEX pairings_part_of ON pairings (part_of_id, id);

CREATE TABLE figures (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  metric        VARCHAR(100) NOT NULL,
  label         VARCHAR(255) NOT NULL,
  label_zh      VARCHAR(255) NOT NULL,
  value_e4      BIGINT NOT NULL,
  unit          VARCHAR(32) NOT NULL,
  qualifier     VARCHAR(32) NOT NULL,
  original_text VARCHAR(100) NOT NULL,
  quote         TEXT NOT NULL,
  source_id     BIGINT NOT NULL,
  subject_type  VARCHAR(32) NOT NULL,
  subject_id    BIGINT NOT NULL,
  program_id    BIGINT,
  period_start  VARCHAR(10),
  period_end    VARCHAR(10),
  time_text     VARCHAR(255),
  part_of_id    BIGINT,
  restates_id   BIGINT,
  note          TEXT,
  CONSTRAINT figures_source_id_fk FOREIGN KEY (source_id) REFERENCES sources (id),
  CONSTRAINT figures_program_id_fk FOREIGN KEY (program_id) REFERENCES programs (id),
  CONSTRAINT figures_part_of_id_fk FOREIGN KEY (part_of_id) REFERENCES figures (id),
  CONSTRAINT figures_restates_id_fk FOREIGN KEY (restates_id) REFERENCES figures (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX figures_source ON figures (source_id, id);
CREATE INDEX figures_subject ON figures (subject_type, subject_id, id);
CREATE INDEX figures_program ON figures (program_id, id);
CREATE INDEX figures_part_of ON figures (part_of_id, id);

-- One row per dataset loaded into this database, with the checksum of what was loaded.
CREATE TABLE datasets (
  name      VARCHAR(191) PRIMARY KEY,
  checksum  CHAR(64) NOT NULL,
  loaded_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

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
