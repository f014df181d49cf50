-- PostgreSQL's key columns take the "C" collation in this migration, so
-- that identifiers compare byte by byte. SQLite compares text byte by byte
-- already (its BINARY collation): nothing to do here.
SELECT 1;
