package ledger

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// The workforce statistics (seed §八(三), issue 18): who was registered, on
// site and paid in a month, where they come from, what they do and what
// they were paid, grouped several ways. The store reads one row per
// enrolment (WorkforceFact) with a handful of set-based statements; this
// file counts and sums them and hides what an employer may not see.

// StatsGrouping is one way of grouping the workforce.
type StatsGrouping string

// The groupings, in the order a report lists them.
const (
	GroupAgeBand          StatsGrouping = "age_band"
	GroupSex              StatsGrouping = "sex"
	GroupOriginProvince   StatsGrouping = "origin_province"
	GroupOriginPrefecture StatsGrouping = "origin_prefecture"
	GroupTrade            StatsGrouping = "trade"
	GroupEmployer         StatsGrouping = "employer"
	GroupProject          StatsGrouping = "project"
	GroupCategory         StatsGrouping = "category"
)

// StatsGroupings lists every grouping in report order.
var StatsGroupings = []StatsGrouping{GroupAgeBand, GroupSex, GroupOriginProvince, GroupOriginPrefecture, GroupTrade,
	GroupEmployer, GroupProject, GroupCategory}

// personGrouping reports whether g groups people by who they are (a person
// with two enrolments counts once) rather than enrolments by where they work.
func (g StatsGrouping) personGrouping() bool {
	switch g {
	case GroupAgeBand, GroupSex, GroupOriginProvince, GroupOriginPrefecture:
		return true
	}
	return false
}

// ParseStatsGroupings reads a comma-separated group_by ("" is every grouping).
func ParseStatsGroupings(s string) ([]StatsGrouping, error) {
	if strings.TrimSpace(s) == "" {
		return slices.Clone(StatsGroupings), nil
	}
	var out []StatsGrouping
	for part := range strings.SplitSeq(s, ",") {
		g := StatsGrouping(strings.TrimSpace(part))
		if !slices.Contains(StatsGroupings, g) {
			var v Validation
			v.Add("group_by", "unknown", "group_by %q is not one of age_band, sex, origin_province, origin_prefecture, trade, employer, project, category", clip(string(g)))
			return nil, v.Err("the statistics query is not valid")
		}
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// StatsCount names one counted measure.
type StatsCount int

// The counted measures. InjuryInsured is filled once projects record their
// work-injury insurance policies (issue 18 item 3); until then a report says
// it does not know it (WorkforceReport.InjuryInsuranceKnown).
const (
	CountRegistered StatsCount = iota
	CountOnSite
	CountPaid
	CountEntries
	CountExits
	CountLabourContracts
	CountWrittenAgreements
	CountInjuryInsured
	// CountPayees is the people due wages for the period (paid or owed):
	// never shown, it decides whether a group's money is (item 9: fewer
	// than 5 payees and the money would tell what each was due).
	CountPayees
	NumStatsCounts
)

// StatsMinCount is the smallest count an employer may see in a group.
const StatsMinCount = 5

// WorkforceFact is one enrolment as the statistics read it.
type WorkforceFact struct {
	ProjectID    string
	ProjectLabel string // code and name
	Category     ProjectCategory
	EmployerID   string
	EmployerName string
	Trade        string
	TradeCode    TradeCode
	ContractKind ContractKind
	WorkerID     string
	Gender       string // male, female, "" unknown
	BirthMonth   string // YYYY-MM, "" unknown
	RegionCode   string // of the identity number's first issue, "" unknown
	EnteredOn    Date
	ExitedOn     Date // zero while enrolled
	DaysOnSite   int  // days attended in the period
	Due          Money
	Outstanding  Money
	PayDay       Date // when the period's wages fell or fall due on the project
	// InjuryInsured says the worker's project holds a valid work-injury
	// policy for the period; filled once insurance policies are recorded.
	InjuryInsured bool
	// FirstEntered is the person's earliest entry on any project in scope
	// and EnrolledAfter that they are enrolled in scope after the period
	// (the store reads them over every enrolment in scope, not only the
	// period's): a person enters in the period when they had no enrolment
	// in scope before it, and exits when they have none after it. Zero and
	// false: the facts' own enrolments decide.
	FirstEntered  Date
	EnrolledAfter bool
}

// WorkforceMoney is what a group was due, paid, still owes and owes past
// its pay day, for the period's wages.
type WorkforceMoney struct {
	Due, Paid, Owed, Overdue Money
}

// WorkforceRow is one group (or the total) of a table.
type WorkforceRow struct {
	Key    string
	Label  string
	Counts [NumStatsCounts]int
	// Hidden marks counts an employer may not see (Counts keeps them, for
	// nobody: the wire and the files leave them out).
	Hidden      [NumStatsCounts]bool
	Money       WorkforceMoney
	MoneyHidden bool
}

// WorkforceTable is one grouping: its rows and its total.
type WorkforceTable struct {
	Grouping StatsGrouping
	Rows     []WorkforceRow
	Total    WorkforceRow
}

// WorkforceReport is a period's statistics.
type WorkforceReport struct {
	Period               Period
	AsOf                 Date
	Suppressed           bool // small counts are hidden (an employer's view)
	InjuryInsuranceKnown bool
	Total                WorkforceRow
	Tables               []WorkforceTable
	// Pyramid is the registered people by age band and sex (the population
	// pyramid), bands in order.
	Pyramid []PyramidRow
}

// PyramidRow is one age band's men and women registered in the period.
type PyramidRow struct {
	Band, Label            string
	Men, Women             int
	MenHidden, WomenHidden bool
	other                  int // people of unknown sex in the band: never shown
}

// WorkforceQuery says what to count.
type WorkforceQuery struct {
	Period    Period
	AsOf      Date
	Groupings []StatsGrouping
	Suppress  bool
	// InjuryInsuranceKnown says the facts carry work-injury coverage.
	InjuryInsuranceKnown bool
}

// registeredIn reports whether the enrolment was enrolled on some day of p.
func (f *WorkforceFact) registeredIn(p Period) bool {
	return !f.EnteredOn.After(p.Last()) && (f.ExitedOn.IsZero() || !f.ExitedOn.Before(p.First()))
}

// tally is what one person or enrolment adds to a group.
type tally struct {
	counts [NumStatsCounts]int
	money  WorkforceMoney
}

func (t *tally) add(o tally) {
	for i := range t.counts {
		t.counts[i] += o.counts[i]
	}
	t.money.Due += o.money.Due
	t.money.Paid += o.money.Paid
	t.money.Owed += o.money.Owed
	t.money.Overdue += o.money.Overdue
}

// merge adds another enrolment of the same person: flags once, money summed.
func (t *tally) merge(o tally) {
	for i := range t.counts {
		t.counts[i] = max(t.counts[i], o.counts[i])
	}
	if t.counts[CountLabourContracts] == 1 {
		t.counts[CountWrittenAgreements] = 0 // a person with a labour contract anywhere has one
	}
	t.money.Due += o.money.Due
	t.money.Paid += o.money.Paid
	t.money.Owed += o.money.Owed
	t.money.Overdue += o.money.Overdue
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tallyOf is what one enrolment counts for in period p as of asOf.
func tallyOf(f *WorkforceFact, p Period, asOf Date) tally {
	var t tally
	reg := f.registeredIn(p)
	owed := max(f.Outstanding, 0)
	paid := max(f.Due-owed, 0)
	t.counts[CountRegistered] = flag(reg)
	t.counts[CountOnSite] = flag(f.DaysOnSite > 0)
	t.counts[CountPaid] = flag(paid > 0)
	t.counts[CountEntries] = flag(f.EnteredOn.Period() == p)
	t.counts[CountExits] = flag(!f.ExitedOn.IsZero() && f.ExitedOn.Period() == p)
	t.counts[CountLabourContracts] = flag(reg && f.ContractKind == LabourContract)
	t.counts[CountWrittenAgreements] = flag(reg && f.ContractKind != LabourContract)
	t.counts[CountInjuryInsured] = flag(f.InjuryInsured && f.DaysOnSite > 0)
	t.counts[CountPayees] = flag(f.Due > 0 || owed > 0)
	t.money = WorkforceMoney{Due: f.Due, Paid: paid, Owed: owed}
	if owed > 0 && !f.PayDay.IsZero() && f.PayDay.Before(asOf) {
		t.money.Overdue = owed
	}
	return t
}

// StatsAgeBand is the band of a person born in birthMonth (YYYY-MM) on the last
// day of p: 16-17, 18-29, 30-39, 40-49, 50-59, 60+; under_16 should never
// be registered; "" when the birth month is unknown.
func StatsAgeBand(birthMonth string, p Period) string {
	y, err1 := strconv.Atoi(birthMonth[:min(4, len(birthMonth))])
	if len(birthMonth) != 7 || err1 != nil {
		return ""
	}
	m, err := strconv.Atoi(birthMonth[5:])
	if err != nil || m < 1 || m > 12 {
		return ""
	}
	age := p.Year - y
	if int(p.Month) < m {
		age-- // the birthday of the year falls after the period
	}
	switch {
	case age < 16:
		return "under_16"
	case age < 18:
		return "16-17"
	case age < 30:
		return "18-29"
	case age >= 60:
		return "60+"
	}
	lo := age / 10 * 10
	return strconv.Itoa(lo) + "-" + strconv.Itoa(lo+9)
}

// ageBands is the order of the age table.
var ageBands = []string{"under_16", "16-17", "18-29", "30-39", "40-49", "50-59", "60+", ""}

// ageBandLabels are the age bands' Chinese names.
var ageBandLabels = map[string]string{"under_16": "16岁以下", "16-17": "16–17岁", "18-29": "18–29岁", "30-39": "30–39岁",
	"40-49": "40–49岁", "50-59": "50–59岁", "60+": "60岁及以上", "": "未知"}

// groupOf is the key and label of f's group in g for period p.
func groupOf(g StatsGrouping, f *WorkforceFact, p Period) (string, string) {
	switch g {
	case GroupAgeBand:
		b := StatsAgeBand(f.BirthMonth, p)
		return b, ageBandLabels[b]
	case GroupSex:
		switch f.Gender {
		case "male":
			return "male", "男"
		case "female":
			return "female", "女"
		}
		return "", "未知"
	case GroupOriginProvince:
		o := OriginOf(f.RegionCode)
		return o.ProvinceCode, nameOr(o.ProvinceName, o.ProvinceCode)
	case GroupOriginPrefecture:
		o := OriginOf(f.RegionCode)
		label := nameOr(o.PrefectureName, o.PrefectureCode)
		if o.ProvinceName != "" && o.ProvinceName != o.PrefectureName {
			label = o.ProvinceName + label
		}
		return o.PrefectureCode, label
	case GroupTrade:
		if n := TradeName(f.TradeCode); n != "" {
			return string(f.TradeCode), n
		}
		return f.Trade, nameOr(f.Trade, "")
	case GroupEmployer:
		return f.EmployerID, nameOr(f.EmployerName, f.EmployerID)
	case GroupProject:
		return f.ProjectID, nameOr(f.ProjectLabel, f.ProjectID)
	case GroupCategory:
		if f.Category == "" {
			return "", "未填写" // a project registered before the category was asked for
		}
		return string(f.Category), nameOr(ProjectCategoryName(f.Category), string(f.Category))
	}
	return "", ""
}

// nameOr is name, else the code, else 未知 (unknown).
func nameOr(name, code string) string {
	switch {
	case name != "":
		return name
	case code != "":
		return code
	}
	return "未知"
}

// WorkforceCell is one group of the period's enrolments or people, as the
// database counts them (store.WorkforceCells) or CellsOf counts facts: Of
// carries the group's keys (only those of its kind), Counts and Money its
// tallies (each person or enrolment counted once, as tallyOf counts it).
type WorkforceCell struct {
	Of     WorkforceFact
	Counts [NumStatsCounts]int
	Money  WorkforceMoney
}

func (c *WorkforceCell) tally() tally { return tally{counts: c.Counts, money: c.Money} }

// WorkforceCells are the period's facts counted into the four sets of
// groups every grouping, total, pyramid and suppression is made of.
type WorkforceCells struct {
	// Enrolments: the enrolments' tallies by project and employer
	// (Of.ProjectID, ProjectLabel, Category, EmployerID, EmployerName).
	Enrolments []WorkforceCell
	// Trades: the enrolments' tallies by trade (Of.Trade, TradeCode).
	Trades []WorkforceCell
	// People: the people's tallies (a person's enrolments merged, entries
	// and exits as personMoves says) by birth month and sex (Of.BirthMonth,
	// Gender).
	People []WorkforceCell
	// Origins: the people's tallies by the identity number's region code
	// (Of.RegionCode).
	Origins []WorkforceCell
}

// CellsOf counts facts into cells, in memory: what the database's
// set-based count (store.WorkforceCells) answers for the same facts.
func CellsOf(facts []WorkforceFact, p Period, asOf Date) WorkforceCells {
	people := map[string]*tally{}
	firstOf := map[string]int{}
	tallies := make([]tally, len(facts))
	for i := range facts {
		f := &facts[i]
		tallies[i] = tallyOf(f, p, asOf)
		if t, ok := people[f.WorkerID]; ok {
			t.merge(tallies[i])
			continue
		}
		t := tallies[i]
		people[f.WorkerID] = &t
		firstOf[f.WorkerID] = i
	}
	personMoves(facts, people, p)
	var c WorkforceCells
	add := func(cells *[]WorkforceCell, at map[WorkforceFact]int, of WorkforceFact, t tally) {
		i, ok := at[of]
		if !ok {
			i = len(*cells)
			at[of] = i
			*cells = append(*cells, WorkforceCell{Of: of})
		}
		acc := (*cells)[i].tally()
		acc.add(t)
		(*cells)[i].Counts, (*cells)[i].Money = acc.counts, acc.money
	}
	enrolments, trades, byBirth, origins := map[WorkforceFact]int{}, map[WorkforceFact]int{}, map[WorkforceFact]int{}, map[WorkforceFact]int{}
	for i := range facts {
		f := &facts[i]
		add(&c.Enrolments, enrolments, WorkforceFact{ProjectID: f.ProjectID, ProjectLabel: f.ProjectLabel, Category: f.Category,
			EmployerID: f.EmployerID, EmployerName: f.EmployerName}, tallies[i])
		add(&c.Trades, trades, WorkforceFact{Trade: f.Trade, TradeCode: f.TradeCode}, tallies[i])
		if firstOf[f.WorkerID] == i {
			t := *people[f.WorkerID]
			add(&c.People, byBirth, WorkforceFact{BirthMonth: f.BirthMonth, Gender: f.Gender}, t)
			add(&c.Origins, origins, WorkforceFact{RegionCode: f.RegionCode}, t)
		}
	}
	return c
}

// BuildWorkforceReport counts facts into q's tables (CellsOf, then
// BuildWorkforceReportFrom). Person groupings and the total count each
// person once; enrolment groupings count a person in each project,
// employer or trade they were enrolled in.
func BuildWorkforceReport(facts []WorkforceFact, q WorkforceQuery) *WorkforceReport {
	return BuildWorkforceReportFrom(CellsOf(facts, q.Period, q.AsOf), q)
}

// cellsOf are the cells a grouping's rows are made of.
func (c *WorkforceCells) of(g StatsGrouping) []WorkforceCell {
	switch g {
	case GroupAgeBand, GroupSex:
		return c.People
	case GroupOriginProvince, GroupOriginPrefecture:
		return c.Origins
	case GroupTrade:
		return c.Trades
	}
	return c.Enrolments
}

// BuildWorkforceReportFrom counts cells into q's tables, hiding what an
// employer may not see when q.Suppress.
func BuildWorkforceReportFrom(c WorkforceCells, q WorkforceQuery) *WorkforceReport {
	r := &WorkforceReport{Period: q.Period, AsOf: q.AsOf, Suppressed: q.Suppress, InjuryInsuranceKnown: q.InjuryInsuranceKnown}
	var total, enrolments tally
	for i := range c.People {
		total.add(c.People[i].tally())
	}
	for i := range c.Enrolments {
		enrolments.add(c.Enrolments[i].tally())
	}
	r.Total = WorkforceRow{Key: "", Label: "合计", Counts: total.counts, Money: total.money}
	groupings := q.Groupings
	if q.Suppress {
		// Every grouping is counted and suppressed together, so that two
		// answers asking for different groupings hide the same cells.
		groupings = StatsGroupings
	}
	for _, g := range groupings {
		groups := map[string]*WorkforceRow{}
		var keys []string
		cells := c.of(g)
		for i := range cells {
			key, label := groupOf(g, &cells[i].Of, q.Period)
			row, ok := groups[key]
			if !ok {
				row = &WorkforceRow{Key: key, Label: label}
				groups[key] = row
				keys = append(keys, key)
			}
			acc := tally{counts: row.Counts, money: row.Money}
			acc.add(cells[i].tally())
			row.Counts, row.Money = acc.counts, acc.money
		}
		table := WorkforceTable{Grouping: g, Total: r.Total}
		if !g.personGrouping() {
			table.Total = WorkforceRow{Label: "合计", Counts: enrolments.counts, Money: enrolments.money}
		}
		for _, k := range keys {
			table.Rows = append(table.Rows, *groups[k])
		}
		sortRows(g, table.Rows)
		r.Tables = append(r.Tables, table)
	}
	r.Pyramid = pyramidOf(c.People, q.Period)
	if q.Suppress {
		r.suppress(nestingOf(c, q.Period))
		tables := r.Tables[:0:0]
		for _, g := range q.Groupings {
			if t := r.table(g); t != nil {
				tables = append(tables, *t)
			}
		}
		r.Tables = tables
	}
	return r
}

// nestingOf finds the tables whose rows add up to another's: prefectures
// to their province, projects to their category, and the employers that
// work on one project only to that project (exact when all of the
// project's employers do).
func nestingOf(c WorkforceCells, p Period) nesting {
	pref := nestLink{parent: GroupOriginProvince, child: GroupOriginPrefecture, parentOf: map[string]string{}, exact: map[string]bool{}}
	cat := nestLink{parent: GroupCategory, child: GroupProject, parentOf: map[string]string{}, exact: map[string]bool{}}
	emp := nestLink{parent: GroupProject, child: GroupEmployer, parentOf: map[string]string{}, exact: map[string]bool{}}
	for i := range c.Origins {
		f := &c.Origins[i].Of
		pk, _ := groupOf(GroupOriginPrefecture, f, p)
		vk, _ := groupOf(GroupOriginProvince, f, p)
		pref.parentOf[pk], pref.exact[vk] = vk, true
	}
	projectsOf := map[string]map[string]bool{}
	for i := range c.Enrolments {
		f := &c.Enrolments[i].Of
		ck, _ := groupOf(GroupCategory, f, p)
		cat.parentOf[f.ProjectID], cat.exact[ck] = ck, true
		if projectsOf[f.EmployerID] == nil {
			projectsOf[f.EmployerID] = map[string]bool{}
		}
		projectsOf[f.EmployerID][f.ProjectID] = true
	}
	for i := range c.Enrolments {
		f := &c.Enrolments[i].Of
		if _, seen := emp.exact[f.ProjectID]; !seen {
			emp.exact[f.ProjectID] = true
		}
		if len(projectsOf[f.EmployerID]) == 1 {
			emp.parentOf[f.EmployerID] = f.ProjectID
		} else {
			emp.exact[f.ProjectID] = false
		}
	}
	return nesting{links: []nestLink{pref, cat, emp}}
}

// personMoves sets a person's entries and exits (the total and the person
// tables): an entry is an enrolment starting in the period by somebody
// with no enrolment in scope before it, an exit one ending in it by
// somebody with none after it; a move from one project to another in scope
// is neither. The enrolment tables (project, employer, trade) count each
// enrolment's own entry and exit: a move is an exit from one project and
// an entry on the other.
func personMoves(facts []WorkforceFact, people map[string]*tally, p Period) {
	type moves struct {
		entered, exited, before, after bool
	}
	byWorker := make(map[string]*moves, len(people))
	for i := range facts {
		f := &facts[i]
		m := byWorker[f.WorkerID]
		if m == nil {
			m = &moves{}
			byWorker[f.WorkerID] = m
		}
		m.entered = m.entered || f.EnteredOn.Period() == p
		m.exited = m.exited || (!f.ExitedOn.IsZero() && f.ExitedOn.Period() == p)
		m.before = m.before || f.EnteredOn.Before(p.First()) || (!f.FirstEntered.IsZero() && f.FirstEntered.Before(p.First()))
		m.after = m.after || f.EnrolledAfter || f.ExitedOn.IsZero() || f.ExitedOn.After(p.Last())
	}
	for w, t := range people {
		m := byWorker[w]
		t.counts[CountEntries] = flag(m.entered && !m.before)
		t.counts[CountExits] = flag(m.exited && !m.after)
	}
}

// pyramidOf counts the registered people by age band and sex.
func pyramidOf(people []WorkforceCell, p Period) []PyramidRow {
	rows := make([]PyramidRow, len(ageBands))
	for i, b := range ageBands {
		rows[i] = PyramidRow{Band: b, Label: ageBandLabels[b]}
	}
	for i := range people {
		c := &people[i]
		n := c.Counts[CountRegistered]
		row := &rows[slices.Index(ageBands, StatsAgeBand(c.Of.BirthMonth, p))]
		switch c.Of.Gender {
		case "male":
			row.Men += n
		case "female":
			row.Women += n
		default:
			row.other += n
		}
	}
	return slices.DeleteFunc(rows, func(r PyramidRow) bool { return r.Men == 0 && r.Women == 0 })
}

// sortRows puts age bands and sexes in their natural order, every other
// grouping by registered workers, most first.
func sortRows(g StatsGrouping, rows []WorkforceRow) {
	order := func(r WorkforceRow) int { return 0 }
	switch g {
	case GroupAgeBand:
		order = func(r WorkforceRow) int { return slices.Index(ageBands, r.Key) }
	case GroupSex:
		order = func(r WorkforceRow) int { return slices.Index([]string{"male", "female", ""}, r.Key) }
	}
	slices.SortFunc(rows, func(a, b WorkforceRow) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(b.Counts[CountRegistered], a.Counts[CountRegistered]),
			cmp.Compare(flag(a.Key == ""), flag(b.Key == "")), cmp.Compare(a.Key, b.Key))
	})
}
