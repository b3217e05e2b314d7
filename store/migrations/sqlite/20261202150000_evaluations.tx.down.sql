DROP TABLE evaluation_points;
--bun:split
DROP TABLE evaluation_allies;
--bun:split
DROP TABLE evaluations;
--bun:split
ALTER TABLE networks DROP COLUMN evaluation_interval_months;
