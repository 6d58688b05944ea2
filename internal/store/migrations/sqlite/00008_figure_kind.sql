-- What adding a figure means: FLOW (an amount over a period), STOCK (a count standing at a date)
-- or RATIO (a rate, share or rank). The aggregates read it to add only what can be added. Rows
-- written before it are read as flows, but for the percentages and ranks, which are ratios
-- whatever they measure; a dataset's next load states every figure's kind. Keep in step with
-- ../mysql.
-- +goose Up
ALTER TABLE figures ADD COLUMN kind VARCHAR(8) NOT NULL DEFAULT 'FLOW';
UPDATE figures SET kind = 'RATIO' WHERE unit IN ('PERCENT', 'RANK');
CREATE INDEX figures_metric_subject ON figures (metric, subject_type, subject_id);

-- +goose Down
DROP INDEX figures_metric_subject;
ALTER TABLE figures DROP COLUMN kind;
