package store

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// timeColumn scans a timestamp from either database: PostgreSQL's
// TIMESTAMPTZ arrives as time.Time; SQLite's TIMESTAMP column usually does
// too, but an aggregate over it arrives as text.
type timeColumn struct{ time.Time }

var sqliteLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"}

func (t *timeColumn) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		t.Time = time.Time{}
	case time.Time:
		t.Time = v.UTC()
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	default:
		return fmt.Errorf("store: cannot scan %T into a timestamp", src)
	}
	return nil
}

func (t *timeColumn) parse(s string) error {
	for _, l := range sqliteLayouts {
		if v, err := time.Parse(l, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("store: cannot read timestamp %q", s)
}

func (t timeColumn) Value() (driver.Value, error) { return t.Time, nil }
