package store

import "context"

// Analyze refreshes the planner's statistics of every table (PostgreSQL's
// and SQLite's ANALYZE alike). A database that grows fast from empty — a
// bulk load, the demo's six months — otherwise plans its queries on the
// figures of an empty database until autovacuum catches up: the demo's
// nightly checks on PostgreSQL took several times longer that way.
func (db *DB) Analyze(ctx context.Context) error {
	db.writes.begin("Analyze")
	_, err := db.x.ExecContext(ctx, "ANALYZE")
	return err
}
