-- SQLite's TEXT has no width; this version exists so that both databases share version numbers
-- (see ../mysql/00013_text_limits.sql, which widens MySQL's columns to model.TextLimits).
-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
