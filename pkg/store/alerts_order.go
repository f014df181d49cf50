package store

import (
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// AlertOrder is the order of GET /alerts: by ID (the default), or the
// inspector's work queue orders, each with the alert ID as its tiebreak so
// that a cursor (the last alert's sort value and ID) pages without gaps.
type AlertOrder string

// Alert orders.
const (
	AlertsByID       AlertOrder = ""
	AlertsBySeverity AlertOrder = "severity"       // most severe first
	AlertsByAmount   AlertOrder = "amount_at_risk" // most money first
	AlertsByAge      AlertOrder = "age"            // first seen longest ago first
)

// Valid reports whether o is a known order.
func (o AlertOrder) Valid() bool {
	return o == AlertsByID || o == AlertsBySeverity || o == AlertsByAmount || o == AlertsByAge
}

// alertSort is an order's SQL key, its direction, and the key's value of an alert.
type alertSort struct {
	key   string
	desc  bool
	value func(a *ledger.Alert) string
	arg   func(v string) (any, bool)
}

func intArg(v string) (any, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

var alertSorts = map[AlertOrder]alertSort{
	AlertsBySeverity: {
		key: "CASE {severity} WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END", desc: true,
		value: func(a *ledger.Alert) string { return strconv.Itoa(a.Severity.Rank()) }, arg: intArg},
	AlertsByAmount: {key: "a.amount_at_risk", desc: true,
		value: func(a *ledger.Alert) string { return strconv.FormatInt(int64(a.AmountAtRisk), 10) }, arg: intArg},
	AlertsByAge: {key: "a.first_seen_on",
		value: func(a *ledger.Alert) string { return a.FirstSeenOn.String() },
		arg: func(v string) (any, bool) {
			d, err := ledger.ParseDate(v)
			return d, err == nil
		}},
}

// AlertCursor is what a page sorted by o resumes after: the last alert's
// sort value and its ID.
func AlertCursor(o AlertOrder, a ledger.Alert) string {
	s, ok := alertSorts[o]
	if !ok {
		return a.ID
	}
	return s.value(&a) + "|" + a.ID
}

// alertOrderSQL is the condition that resumes after the cursor (with its
// arguments) and the ORDER BY clause of an order; severity is the
// expression of the severity the caller reads (severityOf).
func alertOrderSQL(o AlertOrder, after, severity string) (cond string, args []any, orderBy string, err error) {
	s, ok := alertSorts[o]
	s.key = strings.ReplaceAll(s.key, "{severity}", severity)
	if !ok {
		if after != "" {
			return "a.id > ?", []any{after}, "a.id", nil
		}
		return "", nil, "a.id", nil
	}
	dir, cmp := "ASC", ">"
	if s.desc {
		dir, cmp = "DESC", "<"
	}
	orderBy = s.key + " " + dir + ", a.id"
	if after == "" {
		return "", nil, orderBy, nil
	}
	v, id, found := strings.Cut(after, "|")
	arg, valid := s.arg(v)
	if !found || !valid {
		return "", nil, "", ledger.Errorf(ledger.EInvalid, "cursor is not one this server gave out for sort=%s", o)
	}
	return "(" + s.key + " " + cmp + " ? OR (" + s.key + " = ? AND a.id > ?))", []any{arg, arg, id}, orderBy, nil
}
