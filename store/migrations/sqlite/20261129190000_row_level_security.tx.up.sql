-- SQLite has no row-level security: the application's own network scoping
-- is the only wall here (PostgreSQL adds the second, in this migration's twin).
SELECT 1;
