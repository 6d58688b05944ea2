-- project_stats' rows are found by their group: a write reads its groups FOR UPDATE and changes
-- them by deltas (store.applyProjectChanges). With this index InnoDB locks those rows only, not
-- every row it scanned, so that writes to other groups do not wait. Keep in step with ../sqlite.
-- +goose Up
CREATE INDEX project_stats_group ON project_stats (category, status);

-- +goose Down
DROP INDEX project_stats_group ON project_stats;
