-- SQLite stores all text alike; this version exists so that both databases share version
-- numbers (see ../mysql/00003_region_code_charset.sql).
-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
