-- The measures of the projects in each (category, status): what an aggregate or a count needs
-- when the client's filter names only those two columns (Q3, Q2's totalCount). Every write to
-- projects keeps it in the same transaction, so that it is never stale: it is derived data, not
-- a cache. A bulk load recomputes it whole (store.refreshSummaries); a write of a few rows only
-- the groups it touched (store.refreshProjectGroups).
-- +goose Up
CREATE TABLE project_stats (
  category     VARCHAR(32) NOT NULL,
  status       VARCHAR(32),
  projects_n   BIGINT NOT NULL, -- projects
  budget_n     BIGINT NOT NULL, -- projects with a budget
  budget_sum   BIGINT,          -- yuan
  budget_min   BIGINT,
  budget_max   BIGINT,
  start_min    VARCHAR(10),     -- partial dates, as in projects
  start_max    VARCHAR(10),
  end_min      VARCHAR(10),
  end_max      VARCHAR(10)
);
INSERT INTO project_stats (category, status, projects_n, budget_n, budget_sum, budget_min, budget_max,
  start_min, start_max, end_min, end_max)
SELECT category, status, COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MIN(budget_yuan), MAX(budget_yuan),
  MIN(start_date), MAX(start_date), MIN(end_date), MAX(end_date)
FROM projects GROUP BY category, status;

-- +goose Down
DROP TABLE project_stats;
