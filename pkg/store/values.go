package store

import "github.com/wageguard/wageguard/ledger"

// ledger's value types know nothing of databases (ledger imports no database
// package): the store writes them the way both databases keep them, here,
// before a statement's arguments reach the driver. (Reading them back needs
// nothing: Date and Period read their own text with Scan.)

// dbValue is v as the databases store it, and whether v needed converting:
// a Date as its YYYY-MM-DD text, NULL when zero; a Period as its YYYY-MM
// text, ” when zero (not NULL, so it can be part of a unique key on both
// databases). Any other value is returned as it is.
func dbValue(v any) (any, bool) {
	switch x := v.(type) {
	case ledger.Date:
		return dateValue(x), true
	case ledger.Period:
		return x.String(), true
	case *ledger.Date:
		if x == nil {
			return nil, true
		}
		return dateValue(*x), true
	case *ledger.Period:
		if x == nil {
			return nil, true
		}
		return x.String(), true
	}
	return v, false
}

func dateValue(d ledger.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// dbArgs is args with every ledger value converted by dbValue. The caller's
// slice is never changed: it is copied, once, only when a value needs
// converting, so a statement without dates and periods costs no allocation.
func dbArgs(args []any) []any {
	for i, a := range args {
		v, ok := dbValue(a)
		if !ok {
			continue
		}
		out := make([]any, len(args))
		copy(out, args[:i])
		out[i] = v
		for j := i + 1; j < len(args); j++ {
			out[j], _ = dbValue(args[j])
		}
		return out
	}
	return args
}

// toDBValues converts, in place, the ledger values of a slice the store
// built itself (a bulk statement's arguments), so dbArgs need not copy it.
func toDBValues(vals []any) {
	for i, a := range vals {
		if v, ok := dbValue(a); ok {
			vals[i] = v
		}
	}
}
