package ledger

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// An attacker who reads an employer's (suppressed) report and knows how
// its figures add up: each table's rows add up to its total (the person
// tables to one total, the enrolment tables to another); in each row
// labour contracts + written agreements = registered and every other count
// is at most registered; a listed group has at least one registered
// person; prefectures add up to their province, projects to their
// category, the employers working on one project alone to that project;
// an age band is its pyramid men + women + people of unknown sex, the sex
// table's men are the pyramid's men. It narrows each hidden cell to an
// interval by propagating these relations to a fixed point. No hidden
// count from 1 to 4 may come out pinned.

type attackVar struct{ lo, hi int }

type attacker struct {
	vars []attackVar
	eqs  [][]attackTerm // Σ coef·x = 0
	les  [][2]int       // x ≤ y
}

type attackTerm struct{ v, c int }

const attackInf = 1 << 20

func (a *attacker) cell(v int, hidden bool, lo int) int {
	if hidden {
		a.vars = append(a.vars, attackVar{lo, attackInf})
	} else {
		a.vars = append(a.vars, attackVar{v, v})
	}
	return len(a.vars) - 1
}

// sum says total = Σ parts.
func (a *attacker) sum(total int, parts []int) {
	eq := []attackTerm{{total, -1}}
	for _, p := range parts {
		eq = append(eq, attackTerm{p, 1})
	}
	a.eqs = append(a.eqs, eq)
}

func (a *attacker) propagate() {
	for round := 0; round < 200; round++ {
		changed := false
		tighten := func(v, lo, hi int) {
			x := &a.vars[v]
			if lo > x.lo {
				x.lo, changed = lo, true
			}
			if hi < x.hi {
				x.hi, changed = hi, true
			}
		}
		for _, eq := range a.eqs {
			for j, tj := range eq {
				// tj.c·x_j = −Σ_{i≠j} c_i·x_i
				lo, hi := 0, 0
				for i, ti := range eq {
					if i == j {
						continue
					}
					x := a.vars[ti.v]
					if ti.c > 0 {
						lo, hi = lo-min(x.hi, attackInf), hi-x.lo
					} else {
						lo, hi = lo+x.lo, hi+min(x.hi, attackInf)
					}
				}
				if tj.c < 0 {
					lo, hi = -hi, -lo
				}
				tighten(tj.v, max(lo, 0), min(hi, attackInf))
			}
		}
		for _, le := range a.les {
			tighten(le[0], 0, a.vars[le[1]].hi)
			tighten(le[1], a.vars[le[0]].lo, attackInf)
		}
		if !changed {
			return
		}
	}
}

var attackMeasures = []StatsCount{CountRegistered, CountOnSite, CountPaid, CountEntries, CountExits, CountLabourContracts, CountWrittenAgreements}

type attackCell struct {
	where string
	v     int
	truth int
}

// attack builds the attacker's relations over r and reports every hidden
// count from 1 to 4 it pins.
func attack(r *WorkforceReport, facts []WorkforceFact) []string {
	var a attacker
	var watch []attackCell
	rowVars := func(where string, row *WorkforceRow, listed bool) map[StatsCount]int {
		out := map[StatsCount]int{}
		for _, m := range attackMeasures {
			lo := 0
			if m == CountRegistered && listed {
				lo = 1
			}
			out[m] = a.cell(row.Counts[m], row.Hidden[m], lo)
			if row.Hidden[m] {
				watch = append(watch, attackCell{fmt.Sprintf("%s m%d", where, m), out[m], row.Counts[m]})
			}
		}
		a.sum(out[CountRegistered], []int{out[CountLabourContracts], out[CountWrittenAgreements]})
		for _, m := range attackMeasures[1:] {
			a.les = append(a.les, [2]int{out[m], out[CountRegistered]})
		}
		return out
	}
	personTotal := rowVars("total", &r.Total, false)
	var enrolTotal map[StatsCount]int
	rowsOf := map[StatsGrouping]map[string]map[StatsCount]int{}
	for ti := range r.Tables {
		t := &r.Tables[ti]
		total := personTotal
		if !t.Grouping.personGrouping() {
			if enrolTotal == nil {
				enrolTotal = rowVars("enrolments", &t.Total, false)
			}
			total = enrolTotal
		}
		rowsOf[t.Grouping] = map[string]map[StatsCount]int{}
		cols := map[StatsCount][]int{}
		for i := range t.Rows {
			vs := rowVars(fmt.Sprintf("%s %q", t.Grouping, t.Rows[i].Key), &t.Rows[i], true)
			rowsOf[t.Grouping][t.Rows[i].Key] = vs
			for _, m := range attackMeasures {
				cols[m] = append(cols[m], vs[m])
			}
		}
		for _, m := range attackMeasures {
			a.sum(total[m], cols[m])
		}
	}
	nested := func(parent, child StatsGrouping, parentOf func(f *WorkforceFact) (string, string, bool)) {
		kids := map[string]map[string]bool{}
		for i := range facts {
			if pk, ck, ok := parentOf(&facts[i]); ok {
				if kids[pk] == nil {
					kids[pk] = map[string]bool{}
				}
				kids[pk][ck] = true
			}
		}
		for pk, cs := range kids {
			pv := rowsOf[parent][pk]
			if pv == nil {
				continue
			}
			for _, m := range attackMeasures {
				var parts []int
				for ck := range cs {
					if cv := rowsOf[child][ck]; cv != nil {
						parts = append(parts, cv[m])
					}
				}
				a.sum(pv[m], parts)
			}
		}
	}
	nested(GroupOriginProvince, GroupOriginPrefecture, func(f *WorkforceFact) (string, string, bool) {
		pk, _ := groupOf(GroupOriginProvince, f, r.Period)
		ck, _ := groupOf(GroupOriginPrefecture, f, r.Period)
		return pk, ck, true
	})
	nested(GroupCategory, GroupProject, func(f *WorkforceFact) (string, string, bool) {
		ck, _ := groupOf(GroupCategory, f, r.Period)
		return ck, f.ProjectID, true
	})
	projectsOf, employersOf := map[string]map[string]bool{}, map[string]map[string]bool{}
	for _, f := range facts {
		if projectsOf[f.EmployerID] == nil {
			projectsOf[f.EmployerID] = map[string]bool{}
		}
		if employersOf[f.ProjectID] == nil {
			employersOf[f.ProjectID] = map[string]bool{}
		}
		projectsOf[f.EmployerID][f.ProjectID], employersOf[f.ProjectID][f.EmployerID] = true, true
	}
	nested(GroupProject, GroupEmployer, func(f *WorkforceFact) (string, string, bool) {
		for e := range employersOf[f.ProjectID] {
			if len(projectsOf[e]) > 1 {
				return "", "", false
			}
		}
		return f.ProjectID, f.EmployerID, true
	})
	// The pyramid against the age and sex tables.
	var men, women, others []int
	for i := range r.Pyramid {
		p := &r.Pyramid[i]
		m, w, o := a.cell(p.Men, p.MenHidden, 0), a.cell(p.Women, p.WomenHidden, 0), a.cell(p.other, true, 0)
		if p.MenHidden {
			watch = append(watch, attackCell{"pyramid men " + p.Band, m, p.Men})
		}
		if p.WomenHidden {
			watch = append(watch, attackCell{"pyramid women " + p.Band, w, p.Women})
		}
		men, women, others = append(men, m), append(women, w), append(others, o)
		if band := rowsOf[GroupAgeBand][p.Band]; band != nil {
			a.sum(band[CountRegistered], []int{m, w, o})
		}
	}
	if sex := rowsOf[GroupSex]; sex != nil {
		for key, col := range map[string][]int{"male": men, "female": women, "": others} {
			if row := sex[key]; row != nil {
				a.sum(row[CountRegistered], col)
			}
		}
	}
	a.propagate()
	var pinned []string
	for _, w := range watch {
		if x := a.vars[w.v]; w.truth > 0 && w.truth < StatsMinCount && x.lo == x.hi {
			pinned = append(pinned, fmt.Sprintf("%s = %d pinned", w.where, w.truth))
		}
		if x := a.vars[w.v]; w.truth < x.lo || w.truth > x.hi {
			pinned = append(pinned, fmt.Sprintf("attacker unsound: %s = %d outside [%d, %d]", w.where, w.truth, x.lo, x.hi))
		}
	}
	return pinned
}

// attackFacts is n registered people of a small random district.
func attackFacts(rng *rand.Rand, n int) []WorkforceFact {
	regions := []string{"130102", "130202", "130302", "510104", "510107", "440104", "440303", "342101"}
	births := []string{"2009-03", "1999-05", "1990-05", "1980-01", "1970-07", "1962-02", "1955-01"}
	projects := []struct{ id, cat string }{{"A", "01"}, {"B", "01"}, {"C", "02"}, {"D", ""}}
	employers := []string{"E1", "E2", "E3", "E4", "E5"}
	trades := []string{"木工", "钢筋工", "瓦工"}
	oct := NewDate(2026, 10, 1)
	var fs []WorkforceFact
	for i := range n {
		gender := []string{"male", "male", "female", "female", ""}[rng.IntN(5)]
		if rng.IntN(4) > 0 && gender == "" {
			gender = "male"
		}
		enrolments := 1 + flag(rng.IntN(8) == 0)
		for range enrolments {
			p := projects[rng.IntN(len(projects))]
			f := WorkforceFact{ProjectID: p.id, ProjectLabel: p.id, Category: ProjectCategory(p.cat),
				EmployerID: employers[rng.IntN(len(employers))], Trade: trades[rng.IntN(len(trades))],
				WorkerID: fmt.Sprintf("w%d", i), Gender: gender, BirthMonth: births[rng.IntN(len(births))],
				RegionCode: regions[rng.IntN(len(regions))], ContractKind: LabourContract, EnteredOn: NewDate(2026, 9, 1)}
			if rng.IntN(3) == 0 {
				f.ContractKind = WrittenAgreement
			}
			if rng.IntN(4) == 0 {
				f.EnteredOn = oct.AddDays(rng.IntN(20))
			}
			if rng.IntN(5) == 0 {
				f.ExitedOn = oct.AddDays(20 + rng.IntN(10))
			}
			if rng.IntN(5) > 0 {
				f.DaysOnSite = 1 + rng.IntN(20)
				if rng.IntN(3) > 0 {
					f.Due = Money(100000 * (1 + rng.IntN(5)))
				}
			}
			fs = append(fs, f)
		}
	}
	return fs
}

// The reviewer's repros and random small districts: nothing small is
// pinned by the relations above.
func TestWorkforceSuppressionResistsAttack(t *testing.T) {
	many := func(k int, gender, birth, region string, kind ContractKind, proj, employer string) []WorkforceFact {
		var out []WorkforceFact
		for range k {
			out = append(out, WorkforceFact{ProjectID: proj, ProjectLabel: proj, EmployerID: employer, Trade: "木工", Gender: gender,
				BirthMonth: birth, RegionCode: region, ContractKind: kind, EnteredOn: NewDate(2026, 9, 1), DaysOnSite: 3})
		}
		return out
	}
	join := func(parts ...[]WorkforceFact) []WorkforceFact {
		var out []WorkforceFact
		for _, p := range parts {
			out = append(out, p...)
		}
		for i := range out {
			out[i].WorkerID = fmt.Sprintf("p%d", i)
		}
		return out
	}
	repros := map[string][]WorkforceFact{
		// B1: 3 women with agreements, 20 men with contracts: contracts + agreements = registered.
		"contracts": join(many(20, "male", "1990-01", "130102", LabourContract, "A", "E1"), many(3, "female", "1990-01", "130102", WrittenAgreement, "A", "E1")),
		"contracts2": join(many(3, "male", "2009-01", "130102", LabourContract, "A", "E1"), many(6, "male", "2000-01", "130102", LabourContract, "A", "E1"),
			many(5, "male", "1990-01", "130102", LabourContract, "A", "E1"), many(45, "male", "1990-01", "130102", WrittenAgreement, "A", "E1")),
		// B2: the age table against the pyramid.
		"pyramid": join(many(2, "male", "2009-01", "130102", LabourContract, "A", "E1"), many(1, "female", "2009-01", "130102", LabourContract, "A", "E1"),
			many(6, "male", "1960-01", "130102", LabourContract, "A", "E1"), many(6, "female", "1960-01", "130102", LabourContract, "A", "E1"),
			many(5, "male", "1990-01", "130102", LabourContract, "A", "E1"), many(40, "female", "1990-01", "130102", LabourContract, "A", "E1"),
			many(25, "male", "1980-01", "130102", LabourContract, "A", "E1"), many(25, "female", "1980-01", "130102", LabourContract, "A", "E1")),
		"pyramid2": join(many(2, "male", "2009-01", "130102", LabourContract, "A", "E1"), many(1, "female", "2009-01", "130102", LabourContract, "A", "E1"),
			many(5, "male", "2000-01", "130102", LabourContract, "A", "E1"), many(50, "female", "2000-01", "130102", LabourContract, "A", "E1"),
			many(50, "male", "1990-01", "130102", LabourContract, "A", "E1"), many(5, "female", "1990-01", "130102", LabourContract, "A", "E1"),
			many(7, "male", "1980-01", "130102", LabourContract, "A", "E1"), many(7, "female", "1980-01", "130102", LabourContract, "A", "E1")),
		// B2: a province and its prefectures (唐山 3 within 河北 23).
		"origin": join(many(3, "male", "1990-01", "130202", LabourContract, "A", "E1"), many(20, "male", "1990-01", "130102", LabourContract, "A", "E1"),
			many(6, "male", "1990-01", "510104", LabourContract, "A", "E1"), many(30, "male", "1990-01", "440104", LabourContract, "A", "E1")),
		// B2: an employer alone on its project, and a project alone in its category.
		"employer": join(many(20, "male", "1990-01", "130102", LabourContract, "A", "E1"), many(3, "male", "1990-01", "130102", LabourContract, "A", "E2"),
			many(30, "male", "1990-01", "130102", LabourContract, "B", "E3"), many(8, "male", "1990-01", "130102", LabourContract, "C", "E4")),
		// B1: one person not on site among 37: the on-site count is at most registered.
		"on site": func() []WorkforceFact {
			fs := join(many(1, "male", "2009-01", "130102", LabourContract, "A", "E1"), many(6, "male", "1990-01", "130102", LabourContract, "A", "E1"),
				many(30, "male", "1980-01", "130102", LabourContract, "A", "E1"))
			fs[0].DaysOnSite = 0
			return fs
		}(),
	}
	for name, fs := range repros {
		fs[0].Category = "" // projects' categories: A 01, B and C 02, so that A is alone in 01
		for i := range fs {
			fs[i].Category = map[string]ProjectCategory{"A": "01", "B": "02", "C": "02"}[fs[i].ProjectID]
		}
		r := BuildWorkforceReport(fs, WorkforceQuery{Period: Period{2026, 10}, Groupings: StatsGroupings, Suppress: true})
		for _, p := range attack(r, fs) {
			t.Errorf("%s: %s", name, p)
		}
	}
	rng := rand.New(rand.NewPCG(18, 2026))
	for round := range 300 {
		fs := attackFacts(rng, 3+rng.IntN(40))
		r := BuildWorkforceReport(fs, WorkforceQuery{Period: Period{2026, 10}, Groupings: StatsGroupings, Suppress: true})
		if pinned := attack(r, fs); len(pinned) > 0 {
			t.Errorf("round %d (%d facts): %v", round, len(fs), pinned)
		}
	}
}

// 唐山 3 of 河北 23: the province is shown, so a second Hebei prefecture
// (石家庄) is hidden with 唐山, whatever the other provinces do; and the
// same cells are hidden whichever groupings the caller asks for.
func TestWorkforceSuppressionNested(t *testing.T) {
	var fs []WorkforceFact
	for i, region := range []string{"130202", "130202", "130202"} {
		fs = append(fs, WorkforceFact{ProjectID: "A", EmployerID: "E1", WorkerID: fmt.Sprintf("t%d", i), Gender: "male", BirthMonth: "1990-01",
			RegionCode: region, ContractKind: LabourContract, EnteredOn: NewDate(2026, 9, 1)})
	}
	for i := range 56 {
		region := []string{"130102", "510104", "440104"}[min(i/20, 2)]
		fs = append(fs, WorkforceFact{ProjectID: "A", EmployerID: "E1", WorkerID: fmt.Sprintf("p%d", i), Gender: "male", BirthMonth: "1990-01",
			RegionCode: region, ContractKind: LabourContract, EnteredOn: NewDate(2026, 9, 1)})
	}
	all := BuildWorkforceReport(fs, WorkforceQuery{Period: Period{2026, 10}, Groupings: StatsGroupings, Suppress: true})
	pref := all.table(GroupOriginPrefecture)
	hidden := map[string]bool{}
	for _, row := range pref.Rows {
		hidden[row.Key] = row.Hidden[CountRegistered]
	}
	if !hidden["130200"] || !hidden["130100"] {
		t.Errorf("Hebei's prefectures: %v", hidden)
	}
	one := BuildWorkforceReport(fs, WorkforceQuery{Period: Period{2026, 10}, Groupings: []StatsGrouping{GroupOriginPrefecture}, Suppress: true})
	if len(one.Tables) != 1 || fmt.Sprint(one.Tables[0]) != fmt.Sprint(*pref) {
		t.Errorf("asked alone, the prefectures hide otherwise: %+v", one.Tables)
	}
}

// 10 women, 2 of them due wages: their money would tell what each was
// due, so it is hidden (and the men's with it, or the total would tell),
// while their count of 10 stays.
func TestWorkforceMoneyNeedsFivePayees(t *testing.T) {
	var fs []WorkforceFact
	for i := range 30 {
		f := WorkforceFact{ProjectID: "A", EmployerID: "E1", WorkerID: fmt.Sprintf("p%d", i), Gender: "male", BirthMonth: "1990-01",
			RegionCode: "130102", ContractKind: LabourContract, EnteredOn: NewDate(2026, 9, 1), DaysOnSite: 20, Due: 500000}
		if i >= 20 {
			f.Gender, f.Due = "female", Money(300000*flag(i < 22))
		}
		fs = append(fs, f)
	}
	r := BuildWorkforceReport(fs, WorkforceQuery{Period: Period{2026, 10}, Groupings: []StatsGrouping{GroupSex}, Suppress: true})
	men, women := r.Tables[0].Rows[0], r.Tables[0].Rows[1]
	if women.Hidden[CountRegistered] || !women.MoneyHidden || !men.MoneyHidden || r.Total.MoneyHidden {
		t.Errorf("women: count hidden %v money hidden %v; men's money hidden %v; total's %v", women.Hidden[CountRegistered],
			women.MoneyHidden, men.MoneyHidden, r.Total.MoneyHidden)
	}
	open := BuildWorkforceReport(fs, WorkforceQuery{Period: Period{2026, 10}, Groupings: []StatsGrouping{GroupSex}})
	if open.Tables[0].Rows[1].MoneyHidden {
		t.Error("an inspector's view hides money")
	}
}
