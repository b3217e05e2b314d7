-- Runs once, as the image's superuser, when the data directory is new. The
-- application gets an ordinary role that owns its database: superusers and
-- BYPASSRLS roles skip row-level security, the second wall around each
-- network's data (store/migrations/postgres/20261129190000_row_level_security).
CREATE ROLE bondgenoten LOGIN PASSWORD 'bondgenoten' NOSUPERUSER NOBYPASSRLS;
ALTER DATABASE bondgenoten OWNER TO bondgenoten;
