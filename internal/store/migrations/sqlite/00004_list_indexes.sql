-- Indexes for the lists clients page through most: a keyset page reads an index range, and a
-- count by category and status reads the same index. (The id tie-break runs in the direction
-- of the last key, so each index serves its ordering both ways.)
-- +goose Up
CREATE INDEX projects_category_status_budget ON projects (category, status, budget_yuan, id);
CREATE INDEX projects_category_budget ON projects (category, budget_yuan);
CREATE INDEX projects_status_budget ON projects (status, budget_yuan, id);
CREATE INDEX projects_budget ON projects (budget_yuan, id);

-- +goose Down
DROP INDEX projects_budget;
DROP INDEX projects_status_budget;
DROP INDEX projects_category_budget;
DROP INDEX projects_category_status_budget;
