package ledger

import (
	"fmt"
	"slices"
	"testing"
)

func TestSuppressSmall(t *testing.T) {
	cases := []struct {
		name        string
		counts      []int
		pre         []int // indexes hidden beforehand
		want        []int // indexes hidden after
		totalHidden bool
	}{
		{"nothing small", []int{10, 7, 5}, nil, nil, false},
		{"zeros are shown", []int{10, 0, 5}, nil, nil, false},
		{"one small: the smallest other is hidden too", []int{10, 3, 7}, nil, []int{1, 2}, false},
		{"two small adding up to 5 or more", []int{10, 3, 4}, nil, []int{1, 2}, false},
		{"two small adding up to less than 5: a third", []int{10, 1, 2, 6}, nil, []int{1, 2, 3}, false},
		{"complementary picks the smallest non-zero", []int{20, 0, 2, 9, 8}, nil, []int{2, 4}, false},
		{"small total hides all", []int{3, 1, 0}, nil, []int{0, 1}, true},
		{"one group holds everything", []int{12}, nil, nil, false},
		{"a cell hidden by another column gets a complement", []int{10, 8, 6}, []int{0}, []int{0, 2}, false},
		{"all hidden and still under 5", []int{2, 2}, nil, []int{0, 1}, true},
		{"empty", nil, nil, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			total := 0
			for _, n := range c.counts {
				total += n
			}
			hidden := make([]bool, len(c.counts))
			for _, i := range c.pre {
				hidden[i] = true
			}
			th := SuppressSmall(c.counts, total, 5, hidden)
			var got []int
			for i, h := range hidden {
				if h {
					got = append(got, i)
				}
			}
			if !slices.Equal(got, c.want) || th != c.totalHidden {
				t.Errorf("SuppressSmall(%v) hid %v (total %v), want %v (total %v)", c.counts, got, th, c.want, c.totalHidden)
			}
			// Whatever is shown, the hidden cells are never one alone nor a sum under 5.
			n, sum := 0, 0
			for i, h := range hidden {
				if h {
					n++
					sum += c.counts[i]
				}
			}
			if !th && n > 0 && (n < 2 || sum < 5) {
				t.Errorf("hidden cells %v of %v can be told from the total", got, c.counts)
			}
		})
	}
}

func TestStatsAgeBand(t *testing.T) {
	oct := Period{2026, 10}
	cases := map[string]string{
		"2010-10": "16-17", "2010-11": "under_16", "2009-01": "16-17", "2008-10": "18-29", "2008-11": "16-17",
		"1997-01": "18-29", "1996-10": "30-39", "1987-01": "30-39", "1986-10": "40-49", "1976-10": "50-59",
		"1967-01": "50-59", "1966-10": "60+", "1940-05": "60+", "": "", "1990": "", "1990-13": "", "abcd-01": "",
	}
	for birth, want := range cases {
		if got := StatsAgeBand(birth, oct); got != want {
			t.Errorf("StatsAgeBand(%q, 2026-10) = %q, want %q", birth, got, want)
		}
	}
}

func TestParseStatsGroupings(t *testing.T) {
	if g, err := ParseStatsGroupings(""); err != nil || len(g) != len(StatsGroupings) {
		t.Errorf("empty group_by = %v, %v", g, err)
	}
	if g, err := ParseStatsGroupings("sex, trade,sex"); err != nil || !slices.Equal(g, []StatsGrouping{GroupSex, GroupTrade}) {
		t.Errorf("sex,trade = %v, %v", g, err)
	}
	if _, err := ParseStatsGroupings("sex,shoe_size"); ErrorCode(err) != EInvalid {
		t.Errorf("unknown grouping: %v", err)
	}
}

// statsFixture: October 2026, two projects; counted by hand below.
//
//	w1..w6  project A (category 01), employer E1, 钢筋工, male, born 1990-05, from 河北石家庄 (130102), on site, paid in full
//	w7      project A, E2, 木工, female, born 2009-03 (17), from 四川成都 (510104), on site, owed 3,000 past the pay day
//	w8      project B (category ""), E2, 木工, female, born 1960-01 (66), from 四川成都, written agreement, entered in October, no attendance
//	w9      project B, E2, 木工, male, unknown birth, unknown origin, exited 2026-10-20, on site, due 1,000 (paid)
//	w1      also on project B with E2 as 木工 (a second enrolment, entered in October, no money)
//	w10     project A, E1, exited in September: not registered in October, no money: counts nowhere but in nothing
func statsFixture() []WorkforceFact {
	oct1, sep1 := NewDate(2026, 10, 1), NewDate(2026, 9, 1)
	payA, payB := NewDate(2026, 11, 13), NewDate(2026, 10, 15)
	var fs []WorkforceFact
	for i := 1; i <= 6; i++ {
		fs = append(fs, WorkforceFact{ProjectID: "A", ProjectLabel: "A 甲", Category: "01", EmployerID: "E1", EmployerName: "一公司",
			Trade: "钢筋工", WorkerID: fmt.Sprintf("w%d", i), Gender: "male", BirthMonth: "1990-05", RegionCode: "130102",
			ContractKind: LabourContract, EnteredOn: sep1, DaysOnSite: 20, Due: 600000, Outstanding: 0, PayDay: payA})
	}
	fs = append(fs,
		WorkforceFact{ProjectID: "A", ProjectLabel: "A 甲", Category: "01", EmployerID: "E2", EmployerName: "二公司", Trade: "木工",
			WorkerID: "w7", Gender: "female", BirthMonth: "2009-03", RegionCode: "510104", ContractKind: LabourContract, EnteredOn: sep1,
			DaysOnSite: 10, Due: 300000, Outstanding: 300000, PayDay: payB},
		WorkforceFact{ProjectID: "B", ProjectLabel: "B 乙", EmployerID: "E2", EmployerName: "二公司", Trade: "木工", WorkerID: "w8",
			Gender: "female", BirthMonth: "1960-01", RegionCode: "510104", ContractKind: WrittenAgreement, EnteredOn: oct1.AddDays(4), PayDay: payB},
		WorkforceFact{ProjectID: "B", ProjectLabel: "B 乙", EmployerID: "E2", EmployerName: "二公司", Trade: "木工", WorkerID: "w9",
			Gender: "male", ContractKind: LabourContract, EnteredOn: sep1, ExitedOn: NewDate(2026, 10, 20), DaysOnSite: 5, Due: 100000, PayDay: payB},
		WorkforceFact{ProjectID: "B", ProjectLabel: "B 乙", EmployerID: "E2", EmployerName: "二公司", Trade: "木工", WorkerID: "w1",
			Gender: "male", BirthMonth: "1990-05", RegionCode: "130102", ContractKind: WrittenAgreement, EnteredOn: oct1.AddDays(9), PayDay: payB},
		WorkforceFact{ProjectID: "A", ProjectLabel: "A 甲", Category: "01", EmployerID: "E1", EmployerName: "一公司", Trade: "钢筋工",
			WorkerID: "w10", Gender: "male", BirthMonth: "1990-05", RegionCode: "130102", ContractKind: LabourContract,
			EnteredOn: NewDate(2026, 8, 1), ExitedOn: NewDate(2026, 9, 30), PayDay: payA},
	)
	return fs
}

type rowWant struct {
	key, label                                                string
	registered, onSite, paid, entries, exits, labour, written int
	due, paidMoney, owed, overdue                             Money
}

func checkRow(t *testing.T, where string, got WorkforceRow, w rowWant) {
	t.Helper()
	c := got.Counts
	if got.Key != w.key || got.Label != w.label || c[CountRegistered] != w.registered || c[CountOnSite] != w.onSite || c[CountPaid] != w.paid ||
		c[CountEntries] != w.entries || c[CountExits] != w.exits || c[CountLabourContracts] != w.labour || c[CountWrittenAgreements] != w.written ||
		got.Money != (WorkforceMoney{w.due, w.paidMoney, w.owed, w.overdue}) {
		t.Errorf("%s: got %s %s %v %+v, want %+v", where, got.Key, got.Label, c, got.Money, w)
	}
}

func TestBuildWorkforceReport(t *testing.T) {
	r := BuildWorkforceReport(statsFixture(), WorkforceQuery{Period: Period{2026, 10}, AsOf: NewDate(2026, 11, 1), Groupings: StatsGroupings})
	// People: w1..w9 registered (w10 left in September); w1 counted once,
	// with a labour contract (on A) although B has a written agreement.
	// Entries: w8 only; w1's start on B is a move (on A since September),
	// an entry on project B but not a person entering (personMoves).
	checkRow(t, "total", r.Total, rowWant{"", "合计", 9, 8, 7, 1, 1, 8, 1, 4000000, 3700000, 300000, 300000})
	want := map[StatsGrouping][]rowWant{
		GroupAgeBand: {
			{"16-17", "16–17岁", 1, 1, 0, 0, 0, 1, 0, 300000, 0, 300000, 300000},
			{"30-39", "30–39岁", 6, 6, 6, 0, 0, 6, 0, 600000 * 6, 600000 * 6, 0, 0},
			{"60+", "60岁及以上", 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0},
			{"", "未知", 1, 1, 1, 0, 1, 1, 0, 100000, 100000, 0, 0},
		},
		GroupSex: {
			{"male", "男", 7, 7, 7, 0, 1, 7, 0, 3700000, 3700000, 0, 0},
			{"female", "女", 2, 1, 0, 1, 0, 1, 1, 300000, 0, 300000, 300000},
		},
		GroupOriginProvince: {
			{"130000", "河北省", 6, 6, 6, 0, 0, 6, 0, 3600000, 3600000, 0, 0},
			{"510000", "四川省", 2, 1, 0, 1, 0, 1, 1, 300000, 0, 300000, 300000},
			{"", "未知", 1, 1, 1, 0, 1, 1, 0, 100000, 100000, 0, 0},
		},
		GroupOriginPrefecture: {
			{"130100", "河北省石家庄市", 6, 6, 6, 0, 0, 6, 0, 3600000, 3600000, 0, 0},
			{"510100", "四川省成都市", 2, 1, 0, 1, 0, 1, 1, 300000, 0, 300000, 300000},
			{"", "未知", 1, 1, 1, 0, 1, 1, 0, 100000, 100000, 0, 0},
		},
		// Enrolments: w1 counts on both projects; w10 is in no row's count.
		GroupTrade: {
			{"钢筋工", "钢筋工", 6, 6, 6, 0, 0, 6, 0, 3600000, 3600000, 0, 0},
			{"木工", "木工", 4, 2, 1, 2, 1, 2, 2, 400000, 100000, 300000, 300000},
			// w10's enrolment: registered nowhere, but its trade group exists with zero counts.
		},
		GroupEmployer: {
			{"E1", "一公司", 6, 6, 6, 0, 0, 6, 0, 3600000, 3600000, 0, 0},
			{"E2", "二公司", 4, 2, 1, 2, 1, 2, 2, 400000, 100000, 300000, 300000},
		},
		GroupProject: {
			{"A", "A 甲", 7, 7, 6, 0, 0, 7, 0, 3900000, 3600000, 300000, 300000},
			{"B", "B 乙", 3, 1, 1, 2, 1, 1, 2, 100000, 100000, 0, 0},
		},
		GroupCategory: {
			{"01", "房屋建筑", 7, 7, 6, 0, 0, 7, 0, 3900000, 3600000, 300000, 300000},
			{"", "未填写", 3, 1, 1, 2, 1, 1, 2, 100000, 100000, 0, 0},
		},
	}
	// The pyramid: 16-17 one woman, 30-39 six men, 60+ one woman; the man
	// of unknown birth in the unknown band.
	wantPyramid := []PyramidRow{{Band: "16-17", Label: "16–17岁", Women: 1}, {Band: "30-39", Label: "30–39岁", Men: 6},
		{Band: "60+", Label: "60岁及以上", Women: 1}, {Band: "", Label: "未知", Men: 1}}
	if !slices.Equal(r.Pyramid, wantPyramid) {
		t.Errorf("pyramid %+v, want %+v", r.Pyramid, wantPyramid)
	}
	if len(r.Tables) != len(StatsGroupings) {
		t.Fatalf("%d tables", len(r.Tables))
	}
	for _, table := range r.Tables {
		w := want[table.Grouping]
		if len(table.Rows) != len(w) {
			t.Errorf("%s: %d rows, want %d: %+v", table.Grouping, len(table.Rows), len(w), table.Rows)
			continue
		}
		for i := range w {
			checkRow(t, fmt.Sprintf("%s[%d]", table.Grouping, i), table.Rows[i], w[i])
		}
		for _, row := range table.Rows {
			if row.Hidden != ([NumStatsCounts]bool{}) || row.MoneyHidden {
				t.Errorf("%s %s: hidden without suppression", table.Grouping, row.Key)
			}
		}
	}
}

func TestBuildWorkforceReportSuppressed(t *testing.T) {
	r := BuildWorkforceReport(statsFixture(), WorkforceQuery{Period: Period{2026, 10}, AsOf: NewDate(2026, 11, 1),
		Groupings: []StatsGrouping{GroupSex, GroupProject, GroupAgeBand}, Suppress: true})
	sex, project, age := r.Tables[0], r.Tables[1], r.Tables[2]
	// Sex: 7 men and 2 women registered; the 2 are hidden, and so the 7
	// (the total would give them away), with the money of both.
	if !sex.Rows[0].Hidden[CountRegistered] || !sex.Rows[1].Hidden[CountRegistered] || !sex.Rows[1].MoneyHidden || !sex.Rows[0].MoneyHidden {
		t.Errorf("sex: %+v", sex.Rows)
	}
	// Exits (1 man, 0 women): the total (1) is small, so it is hidden and
	// the man's 1 with it; the women's 0 too, as every count of a group
	// whose registered count is hidden is (exits are at most registered).
	if !sex.Total.Hidden[CountExits] || !sex.Rows[0].Hidden[CountExits] || !sex.Rows[1].Hidden[CountExits] {
		t.Errorf("sex exits: total %v rows %v %v", sex.Total.Hidden, sex.Rows[0].Hidden, sex.Rows[1].Hidden)
	}
	// Projects: A 7 registered, B 3: B hidden, A with it. Labour
	// contracts A 7, B 1 and written agreements A 0, B 2: B's hidden, A's
	// labour contracts as the complement, then A's written agreements
	// (0) with them, as they add up to A's registered.
	a, b := project.Rows[0], project.Rows[1]
	if !a.Hidden[CountRegistered] || !b.Hidden[CountRegistered] || !a.Hidden[CountLabourContracts] || !b.Hidden[CountLabourContracts] ||
		!a.Hidden[CountWrittenAgreements] || !b.Hidden[CountWrittenAgreements] {
		t.Errorf("project: A %v, B %v", a.Hidden, b.Hidden)
	}
	// Age: 30-39 has 6 registered, three bands hold 1 each: hidden, their
	// sum 3 < 5 so the 6 is hidden too.
	for _, row := range age.Rows {
		if !row.Hidden[CountRegistered] {
			t.Errorf("age %s registered %d shown", row.Key, row.Counts[CountRegistered])
		}
	}
	// The total is 9: shown.
	if r.Total.Hidden[CountRegistered] || r.Total.Counts[CountRegistered] != 9 {
		t.Errorf("total: %+v", r.Total)
	}
	// Pyramid: men 6 (30-39) and 1 (unknown), women 1 and 1: every count
	// hidden (the men's 1 takes the 6 as its complement).
	for _, row := range r.Pyramid {
		if !row.MenHidden || !row.WomenHidden {
			t.Errorf("pyramid %s shown: %+v", row.Band, row)
		}
	}
	// On site by project: A 7, B 1 -> both hidden.
	if !a.Hidden[CountOnSite] || !b.Hidden[CountOnSite] {
		t.Errorf("on site: A %v B %v", a.Hidden, b.Hidden)
	}
}

// A person who leaves project A and starts on B in the month neither
// enters nor exits (the person tables), though A counts an exit and B an
// entry; the store's view of enrolments outside the month decides too.
func TestWorkforcePersonMoves(t *testing.T) {
	sep1, oct := NewDate(2026, 9, 1), Period{2026, 10}
	fs := []WorkforceFact{
		{ProjectID: "A", EmployerID: "E", WorkerID: "mover", Gender: "male", EnteredOn: sep1, ExitedOn: NewDate(2026, 10, 9)},
		{ProjectID: "B", EmployerID: "E", WorkerID: "mover", Gender: "male", EnteredOn: NewDate(2026, 10, 10)},
		// Entered in October, but was on a project in scope in 2025 (not in the facts).
		{ProjectID: "B", EmployerID: "E", WorkerID: "back", Gender: "male", EnteredOn: NewDate(2026, 10, 3), FirstEntered: NewDate(2025, 3, 1)},
		// Left in October, but starts on another project in November.
		{ProjectID: "B", EmployerID: "E", WorkerID: "later", Gender: "male", EnteredOn: sep1, ExitedOn: NewDate(2026, 10, 20), EnrolledAfter: true},
		{ProjectID: "B", EmployerID: "E", WorkerID: "new", Gender: "female", EnteredOn: NewDate(2026, 10, 5), FirstEntered: NewDate(2026, 10, 5)},
		{ProjectID: "A", EmployerID: "E", WorkerID: "gone", Gender: "female", EnteredOn: sep1, ExitedOn: NewDate(2026, 10, 30)},
	}
	r := BuildWorkforceReport(fs, WorkforceQuery{Period: oct, Groupings: []StatsGrouping{GroupSex, GroupProject}})
	if e, x := r.Total.Counts[CountEntries], r.Total.Counts[CountExits]; e != 1 || x != 1 {
		t.Errorf("people: %d entries, %d exits; want 1 and 1 (new, gone)", e, x)
	}
	sex := r.Tables[0]
	if sex.Rows[0].Counts[CountEntries] != 0 || sex.Rows[0].Counts[CountExits] != 0 || sex.Rows[1].Counts[CountEntries] != 1 {
		t.Errorf("sex: %+v", sex.Rows)
	}
	projects := map[string][NumStatsCounts]int{}
	for _, row := range r.Tables[1].Rows {
		projects[row.Key] = row.Counts
	}
	if projects["A"][CountExits] != 2 || projects["B"][CountEntries] != 3 {
		t.Errorf("projects: A exits %d (want 2), B entries %d (want 3)", projects["A"][CountExits], projects["B"][CountEntries])
	}
}

func TestProjectCategoryChange(t *testing.T) {
	p := &Project{Category: "01"}
	for _, c := range []struct {
		in      string
		want    ProjectCategory
		changed bool
		bad     bool
	}{{"02", "02", true, false}, {"01", "01", false, false}, {"房屋建筑", "01", false, false}, {" 99 ", "99", true, false},
		{"", "", false, true}, {"13", "", false, true}, {"=1+1", "", false, true}} {
		got, changed, err := ProjectCategoryChange(p, c.in)
		if got != c.want || changed != c.changed || (err != nil) != c.bad {
			t.Errorf("ProjectCategoryChange(%q) = %q, %v, %v", c.in, got, changed, err)
		}
	}
}
