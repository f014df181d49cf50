package ledger

import "slices"

// FindingDiff is what one night of one project would change under another
// policy: the alerts it would find that the current policy does not (opens)
// and those the current policy finds that it would not (closes).
type FindingDiff struct {
	Opens  []AlertKey
	Closes []AlertKey
}

// Empty reports whether the two policies agree.
func (d FindingDiff) Empty() bool { return len(d.Opens) == 0 && len(d.Closes) == 0 }

// DiffFindings compares the findings of the current and a proposed policy on
// the same facts, each list in key order.
func DiffFindings(current, proposed []Finding) FindingDiff {
	keys := func(fs []Finding) map[AlertKey]bool {
		out := make(map[AlertKey]bool, len(fs))
		for _, f := range fs {
			out[f.Key()] = true
		}
		return out
	}
	cur, prop := keys(current), keys(proposed)
	var d FindingDiff
	for k := range prop {
		if !cur[k] {
			d.Opens = append(d.Opens, k)
		}
	}
	for k := range cur {
		if !prop[k] {
			d.Closes = append(d.Closes, k)
		}
	}
	slices.SortFunc(d.Opens, AlertKey.compare)
	slices.SortFunc(d.Closes, AlertKey.compare)
	return d
}
