-- project_stats keeps the sum of each group's budgets in two parts, budget_hi·2^32 + budget_lo,
-- each the sum of the budgets' quotients by 2^32 or of their remainders (store.sumSplit), so that
-- no sum overflows: SQLite's SUM raised "integer overflow" past 2^63, MySQL refused to store such
-- a sum in the BIGINT budget_sum, and every aggregate over them failed. Go adds the parts up exactly.
-- Keep in step with ../sqlite.
-- +goose Up
ALTER TABLE project_stats ADD COLUMN budget_hi BIGINT;
ALTER TABLE project_stats ADD COLUMN budget_lo BIGINT;
UPDATE project_stats SET budget_hi = budget_sum DIV 4294967296, budget_lo = budget_sum % 4294967296;
ALTER TABLE project_stats DROP COLUMN budget_sum;

-- +goose Down
ALTER TABLE project_stats ADD COLUMN budget_sum BIGINT;
UPDATE project_stats SET budget_sum = budget_hi * 4294967296 + budget_lo;
ALTER TABLE project_stats DROP COLUMN budget_hi;
ALTER TABLE project_stats DROP COLUMN budget_lo;
