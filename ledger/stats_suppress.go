package ledger

// Small counts are hidden from employers (DOMAIN.md, statistics: "any group
// visible to an employer suppresses counts under 5"). Hiding a count alone
// is not enough when the table's total is shown: the total minus the
// visible groups is the hidden one. So each column of a table is made safe
// on its own (SuppressSmall), and the columns that add up within a row
// (labour contracts + written agreements = registered people) are hidden
// together.

// SuppressSmall decides which counts of one column an employer may not see.
// hidden holds the cells already hidden (by another column's decision) and
// is updated in place; it reports whether the total must be hidden too.
//
//   - a count from 1 to min-1 is hidden (0 is shown: it names nobody);
//   - a total from 1 to min-1 is hidden, and so is every count under it;
//   - when the hidden counts are one, or add up to less than min, the
//     smallest visible non-zero count is hidden as well (complementary
//     suppression), until at least two are hidden and they add up to min
//     or more: the total minus the visible counts then reveals no group.
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
		n, sum := 0, 0
		for i, c := range counts {
			if hidden[i] {
				n++
				sum += c
			}
		}
		if n == 0 || (n >= 2 && sum >= min) {
			return false
		}
		next := -1
		for i, c := range counts {
			if !hidden[i] && c > 0 && (next < 0 || c < counts[next]) {
				next = i
			}
		}
		if next < 0 {
			// Every non-zero count is hidden and they still add up to less
			// than min: the total is that small sum, so it is hidden too.
			return sum > 0 && sum < min
		}
		hidden[next] = true
	}
}

// suppress hides, in every table, the counts an employer may not see, and
// the money of a group whose registered count is hidden.
func (r *WorkforceReport) suppress() {
	measures := []StatsCount{CountRegistered, CountOnSite, CountPaid, CountEntries, CountExits, CountLabourContracts, CountWrittenAgreements}
	if r.InjuryInsuranceKnown {
		measures = append(measures, CountInjuryInsured)
	}
	for _, m := range measures {
		if c := r.Total.Counts[m]; c > 0 && c < StatsMinCount {
			r.Total.Hidden[m] = true
		}
	}
	linkContracts(&r.Total)
	for ti := range r.Tables {
		t := &r.Tables[ti]
		for changed := true; changed; {
			changed = false
			for _, m := range measures {
				counts, hidden := make([]int, len(t.Rows)), make([]bool, len(t.Rows))
				for i, row := range t.Rows {
					counts[i], hidden[i] = row.Counts[m], row.Hidden[m]
				}
				t.Total.Hidden[m] = SuppressSmall(counts, t.Total.Counts[m], StatsMinCount, hidden)
				for i := range t.Rows {
					t.Rows[i].Hidden[m] = hidden[i]
				}
			}
			// Labour contracts and written agreements add up to the
			// registered people of a row: one hidden hides the other.
			for i := range t.Rows {
				changed = linkContracts(&t.Rows[i]) || changed
			}
		}
		linkContracts(&t.Total)
		for i := range t.Rows {
			t.Rows[i].MoneyHidden = t.Rows[i].Hidden[CountRegistered]
		}
		t.Total.MoneyHidden = t.Total.Hidden[CountRegistered]
	}
	r.Total.MoneyHidden = r.Total.Hidden[CountRegistered]
	r.suppressPyramid()
}

// suppressPyramid hides the pyramid's small counts: men and women are each
// a column made safe on its own, and a band's men and women are hidden
// together (the age table shows their sum).
func (r *WorkforceReport) suppressPyramid() {
	men, women := make([]int, len(r.Pyramid)), make([]int, len(r.Pyramid))
	menHidden, womenHidden := make([]bool, len(r.Pyramid)), make([]bool, len(r.Pyramid))
	menTotal, womenTotal := 0, 0
	for i, row := range r.Pyramid {
		men[i], women[i] = row.Men, row.Women
		menTotal, womenTotal = menTotal+row.Men, womenTotal+row.Women
	}
	for changed := true; changed; {
		changed = false
		SuppressSmall(men, menTotal, StatsMinCount, menHidden)
		SuppressSmall(women, womenTotal, StatsMinCount, womenHidden)
		for i := range r.Pyramid {
			if menHidden[i] != womenHidden[i] {
				menHidden[i], womenHidden[i], changed = true, true, true
			}
		}
	}
	for i := range r.Pyramid {
		r.Pyramid[i].MenHidden, r.Pyramid[i].WomenHidden = menHidden[i], womenHidden[i]
	}
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
