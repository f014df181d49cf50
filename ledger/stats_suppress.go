package ledger

// Small counts are hidden from employers (DOMAIN.md, statistics: "any group
// visible to an employer suppresses counts under 5"). Hiding a count alone
// is not enough: a reader who knows how the figures add up can work it out
// from what is shown. What a reader knows, and what each rule below keeps
// from telling:
//
//   - a table's total minus its visible groups is the sum of the hidden
//     ones: a column hides at least two non-zero counts adding up to 5 or
//     more, or none (SuppressSmall, complementary suppression);
//   - within a row, labour contracts + written agreements = registered, and
//     on site, paid, entries and exits are at most registered: a group whose
//     registered count is hidden is hidden whole (every count and its
//     money), and contracts and agreements are hidden together;
//   - tables tell each other: a province is the sum of its prefectures, a
//     project category of its projects, a project of the employers that
//     work on it alone, an age band of its men, women and people of unknown
//     sex (the pyramid), the men of the sex table of the pyramid's men.
//     Within each such parent the hidden children are none or at least two
//     adding up to 5 or more, and a hidden parent hides at least one child
//     (nest); an age band hidden in the age table is hidden in the pyramid
//     and the other way round;
//   - money adds up like counts: a group's money is hidden when fewer than
//     5 people were due wages in it (CountPayees, complemented like a count).
//
// Every grouping is suppressed together, whatever the caller asked to see,
// so that two answers with different groupings hide the same cells. What
// remains is differencing across answers over different projects or months
// (README, workforce statistics): a general contractor's answer always
// covers all of its projects.

// SuppressSmall decides which counts of one column an employer may not see.
// hidden holds the cells already hidden (by another column's decision) and
// is updated in place; it reports whether the total must be hidden too.
//
//   - a count from 1 to min-1 is hidden (0 is shown: it names nobody);
//   - a total from 1 to min-1 is hidden, and so is every count under it;
//   - when the hidden counts are one, or add up to less than min, the
//     smallest visible non-zero count is hidden as well (complementary
//     suppression), until at least two are hidden and they add up to min
//     or more, and are not all 1: the total minus the visible counts then
//     reveals no group.
func SuppressSmall(counts []int, total, min int, hidden []bool) bool {
	for i, c := range counts {
		if c > 0 && c < min {
			hidden[i] = true
		}
	}
	if total > 0 && total < min {
		for i, c := range counts {
			if c > 0 {
				hidden[i] = true
			}
		}
		return true
	}
	for {
		n, nonZero, sum := 0, 0, 0
		for i, c := range counts {
			if hidden[i] {
				n++
				sum += c
				nonZero += flag(c > 0)
			}
		}
		// sum > nonZero: a listed group holds somebody, so hidden counts
		// that are all 1 would be told by their sum.
		if nonZero == 0 || (n >= 2 && sum >= min && sum > nonZero) {
			return false
		}
		next := smallestVisible(counts, hidden)
		if next < 0 {
			// Every non-zero count is hidden and they are one, or add up
			// to less than min: the total would tell them, it is hidden too.
			return sum > 0
		}
		hidden[next] = true
	}
}

// suppressedMeasures are the measures suppression decides on.
func (r *WorkforceReport) suppressedMeasures() []StatsCount {
	ms := []StatsCount{CountRegistered, CountOnSite, CountPaid, CountEntries, CountExits, CountLabourContracts,
		CountWrittenAgreements, CountPayees}
	if r.InjuryInsuranceKnown {
		ms = append(ms, CountInjuryInsured)
	}
	return ms
}

// hideRow hides every measure of a row (its registered count is hidden).
func hideRow(row *WorkforceRow) bool {
	changed := false
	for m := range row.Hidden {
		if !row.Hidden[m] {
			row.Hidden[m], changed = true, true
		}
	}
	return changed
}

// settleRow hides a row whole once its registered count is hidden, and
// labour contracts with written agreements; it reports a change.
func settleRow(row *WorkforceRow) bool {
	if row.Hidden[CountRegistered] {
		return hideRow(row)
	}
	return linkContracts(row)
}

// suppress hides, in every table, the counts an employer may not see, and
// the money of a group whose payees are hidden; it runs the rules until
// none hides anything more.
func (r *WorkforceReport) suppress(n nesting) {
	measures := r.suppressedMeasures()
	for _, m := range measures {
		if c := r.Total.Counts[m]; c > 0 && c < StatsMinCount {
			r.Total.Hidden[m] = true
		}
	}
	settleRow(&r.Total)
	for changed := true; changed; {
		changed = false
		for ti := range r.Tables {
			changed = r.suppressTable(&r.Tables[ti], measures) || changed
		}
		for _, link := range n.links {
			changed = r.nest(link, measures) || changed
		}
		changed = r.suppressPyramid() || changed
		changed = r.alignTotals() || changed
	}
	r.Total.MoneyHidden = r.Total.Hidden[CountPayees]
	for ti := range r.Tables {
		t := &r.Tables[ti]
		for i := range t.Rows {
			t.Rows[i].MoneyHidden = t.Rows[i].Hidden[CountPayees]
		}
		t.Total.MoneyHidden = t.Total.Hidden[CountPayees]
	}
}

// suppressTable makes each column of a table safe and each row whole; it
// reports whether it hid anything.
func (r *WorkforceReport) suppressTable(t *WorkforceTable, measures []StatsCount) bool {
	changed := false
	counts, hidden := make([]int, len(t.Rows)), make([]bool, len(t.Rows))
	for _, m := range measures {
		for i, row := range t.Rows {
			counts[i], hidden[i] = row.Counts[m], row.Hidden[m]
		}
		if SuppressSmall(counts, t.Total.Counts[m], StatsMinCount, hidden) && !t.Total.Hidden[m] {
			t.Total.Hidden[m], changed = true, true
		}
		for i := range t.Rows {
			if hidden[i] && !t.Rows[i].Hidden[m] {
				t.Rows[i].Hidden[m], changed = true, true
			}
		}
	}
	for i := range t.Rows {
		changed = settleRow(&t.Rows[i]) || changed
	}
	return settleRow(&t.Total) || changed
}

// alignTotals hides in every total what one total hides of the same
// figure: the person tables share one total, the enrolment tables another,
// and all of them the same money.
func (r *WorkforceReport) alignTotals() bool {
	totals := []*WorkforceRow{&r.Total}
	for ti := range r.Tables {
		totals = append(totals, &r.Tables[ti].Total)
	}
	changed := false
	for _, t := range totals {
		for _, u := range totals {
			for m := range t.Hidden {
				same := t.Counts[m] == u.Counts[m] || StatsCount(m) == CountPayees
				if t.Hidden[m] && !u.Hidden[m] && same {
					u.Hidden[m], changed = true, true
				}
			}
			changed = settleRow(u) || changed
		}
	}
	return changed
}

// nestLink says that each row of the child table belongs to one row of the
// parent table, and adds up with its siblings to it (exact: the children
// are all the parent has; or not: the parent holds more than its children).
type nestLink struct {
	parent, child StatsGrouping
	parentOf      map[string]string // child key -> parent key
	exact         map[string]bool   // parent key -> its children add up to it
}

// nesting is the tables that tell each other in one report.
type nesting struct{ links []nestLink }

// nest applies, for one parent-child link and each measure: within a
// parent, the hidden children are none, or at least two adding up to the
// minimum; a parent with one hidden child that cannot get a second is
// hidden itself; a hidden parent whose children add up to it hides one.
func (r *WorkforceReport) nest(l nestLink, measures []StatsCount) bool {
	pt, ct := r.table(l.parent), r.table(l.child)
	if pt == nil || ct == nil {
		return false
	}
	children := map[string][]int{}
	for i, row := range ct.Rows {
		if p, ok := l.parentOf[row.Key]; ok {
			children[p] = append(children[p], i)
		}
	}
	changed := false
	for pi := range pt.Rows {
		parent := &pt.Rows[pi]
		kids := children[parent.Key]
		if len(kids) == 0 {
			continue
		}
		for _, m := range measures {
			changed = nestMeasure(parent, ct, kids, m, l.exact[parent.Key]) || changed
		}
		changed = settleRow(parent) || changed
		for _, i := range kids {
			changed = settleRow(&ct.Rows[i]) || changed
		}
	}
	return changed
}

// nestMeasure is nest for one parent and one measure.
func nestMeasure(parent *WorkforceRow, ct *WorkforceTable, kids []int, m StatsCount, exact bool) bool {
	counts, hidden := make([]int, len(kids)), make([]bool, len(kids))
	any := false
	for j, i := range kids {
		counts[j], hidden[j] = ct.Rows[i].Counts[m], ct.Rows[i].Hidden[m]
		any = any || (hidden[j] && counts[j] > 0)
	}
	if parent.Hidden[m] && exact && !any {
		// Visible children would add up to the hidden parent.
		if next := smallestVisible(counts, hidden); next >= 0 {
			hidden[next] = true
		}
	}
	total := parent.Counts[m]
	if !exact {
		total = 0 // the parent holds more than these children: only their own complement
	}
	changed := false
	if SuppressSmall(counts, total, StatsMinCount, hidden) && !parent.Hidden[m] {
		parent.Hidden[m], changed = true, true
	}
	for j, i := range kids {
		if hidden[j] && !ct.Rows[i].Hidden[m] {
			ct.Rows[i].Hidden[m], changed = true, true
		}
	}
	return changed
}

// table is the report's table of grouping g, nil when not counted.
func (r *WorkforceReport) table(g StatsGrouping) *WorkforceTable {
	for i := range r.Tables {
		if r.Tables[i].Grouping == g {
			return &r.Tables[i]
		}
	}
	return nil
}

// suppressPyramid hides the pyramid's small counts and keeps it and the
// age and sex tables from telling each other: an age band is hidden in the
// pyramid (men and women together) exactly when it is hidden in the age
// table; a band with people of unknown sex is hidden (the age table minus
// the pyramid would count them); the men (women) of the pyramid are a
// column made safe on its own, under the sex table's men (women). It
// reports whether it hid anything.
func (r *WorkforceReport) suppressPyramid() bool {
	ages, sexes := r.table(GroupAgeBand), r.table(GroupSex)
	changed := false
	bandRow := func(band string) *WorkforceRow { return rowByKey(ages, band) }
	sexRow := func(key string) *WorkforceRow { return rowByKey(sexes, key) }
	men, women := make([]int, len(r.Pyramid)), make([]int, len(r.Pyramid))
	hidden := make([]bool, len(r.Pyramid))
	for i, p := range r.Pyramid {
		men[i], women[i] = p.Men, p.Women
		hidden[i] = p.MenHidden || p.WomenHidden || p.other > 0
		if row := bandRow(p.Band); row != nil && row.Hidden[CountRegistered] {
			hidden[i] = true
		}
	}
	for _, col := range []struct {
		counts []int
		sex    string
	}{{men, "male"}, {women, "female"}} {
		h := append([]bool(nil), hidden...)
		total := 0
		for _, c := range col.counts {
			total += c
		}
		if s := sexRow(col.sex); s != nil && s.Hidden[CountRegistered] {
			// The sex table hides this sex: the column must not add up to it.
			if !anyHiddenNonZero(col.counts, h) {
				if j := smallestVisible(col.counts, h); j >= 0 {
					h[j] = true
				}
			}
		}
		if SuppressSmall(col.counts, total, StatsMinCount, h) {
			if s := sexRow(col.sex); s != nil && !s.Hidden[CountRegistered] {
				s.Hidden[CountRegistered], changed = true, true
				settleRow(s)
			}
		}
		for i := range h {
			hidden[i] = hidden[i] || h[i]
		}
	}
	for i := range r.Pyramid {
		p := &r.Pyramid[i]
		if hidden[i] && !(p.MenHidden && p.WomenHidden) {
			p.MenHidden, p.WomenHidden, changed = true, true, true
		}
		if row := bandRow(p.Band); hidden[i] && row != nil && !row.Hidden[CountRegistered] {
			row.Hidden[CountRegistered], changed = true, true
			settleRow(row)
		}
	}
	return changed
}

// rowByKey is t's row of key, nil when t or the row is missing.
func rowByKey(t *WorkforceTable, key string) *WorkforceRow {
	if t == nil {
		return nil
	}
	for i := range t.Rows {
		if t.Rows[i].Key == key {
			return &t.Rows[i]
		}
	}
	return nil
}

func anyHiddenNonZero(counts []int, hidden []bool) bool {
	for i, c := range counts {
		if hidden[i] && c > 0 {
			return true
		}
	}
	return false
}

func smallestVisible(counts []int, hidden []bool) int {
	next := -1
	for i, c := range counts {
		if !hidden[i] && c > 0 && (next < 0 || c < counts[next]) {
			next = i
		}
	}
	return next
}

// linkContracts hides a row's labour contracts and written agreements
// together (with its registered people they tell each other); it reports
// whether it hid one.
func linkContracts(r *WorkforceRow) bool {
	h := &r.Hidden
	if h[CountLabourContracts] == h[CountWrittenAgreements] {
		return false
	}
	h[CountLabourContracts], h[CountWrittenAgreements] = true, true
	return true
}
