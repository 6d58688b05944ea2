-- Region codes in utf8mb4 like every other text column: as ASCII they could not be compared
-- with a utf8mb4 pattern (a search for Chinese text failed with "Illegal mix of collations").
-- +goose Up
ALTER TABLE regions MODIFY code CHAR(12) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL;

-- +goose Down
ALTER TABLE regions MODIFY code CHAR(12) CHARACTER SET ascii NULL;
