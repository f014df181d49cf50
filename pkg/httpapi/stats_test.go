package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// statsWorld is October 2026 in Fangshan (110111) and Fengtai (110106),
// counted by hand:
//
//	P1 110111, category 01 (房屋建筑), GC g1 with subcontractor s1:
//	  6 of g1: 钢筋工, men born 1990 (36: 30-39), from 130102 (河北石家庄),
//	    labour contracts, entered 2026-09-01, one day on site in October,
//	    paid 5,000.00 each for October by the bank
//	  2 of s1: 木工, women born 2009-12 (16: 16-17), from 510104 (四川成都),
//	    written agreements, entered 2026-10-08; one attended, and is owed
//	    3,000.00 for October, past the pay day (15 November, a Sunday: the 13th)
//	P2 110111, no category, GC g2: 3 of g2: 木工, men born 1960 (66: 60+), from
//	  440524 (广东汕头), labour contracts, entered 2026-09-01; one left on 2026-10-20
//	P3 110106, GC g1: 2 of g1: 钢筋工, men born 1985 (41: 40-49), from 360426
//	  (江西九江), labour contracts, entered 2026-09-01
type statsWorld struct {
	*env
	g1Key, g2Key, s1Key, district, city, bankKey string
	p1, p2, p3, g1, g2, s1                       string
}

func newStatsWorld(t *testing.T, db *store.DB) *statsWorld {
	w := &statsWorld{env: newEnv(t, db)}
	owner, bank := w.org(ledger.OrgOwner, w.rg("110111")), w.org(ledger.OrgBank, w.rg("110111"))
	w.g1, w.g2, w.s1 = w.org(ledger.OrgGeneralContractor, w.rg("110111")), w.org(ledger.OrgGeneralContractor, w.rg("110111")), w.org(ledger.OrgSubcontractor, w.rg("110111"))
	w.g1Key, w.g2Key, w.s1Key, w.bankKey = w.key(w.g1, ledger.RoleContractor), w.key(w.g2, ledger.RoleContractor), w.key(w.s1, ledger.RoleContractor), w.key(bank, ledger.RoleBank)
	w.district = w.key(w.org(ledger.OrgAuthority, w.rg("110111")), ledger.RoleInspector)
	w.city = w.key(w.org(ledger.OrgAuthority, w.rg("110000")), ledger.RoleInspector)
	project := func(region, gc, category string) string {
		b := projectBody("ST-"+itoa(nextSeq()), region, owner, gc, bank)
		if category != "" {
			b["category"] = category
		}
		return w.must(201, "POST", "/api/v1/projects", w.admin, b).str(t, "id")
	}
	w.p1, w.p2, w.p3 = project(w.rg("110111"), w.g1, "01"), project(w.rg("110111"), w.g2, ""), project(w.rg("110106"), w.g1, "")
	w.must(200, "POST", "/api/v1/projects/"+w.p1+"/subcontractors", w.admin, map[string]string{"organization_id": w.s1})
	if got := w.must(200, "GET", "/api/v1/projects/"+w.p1, w.admin, nil).json(t)["category"]; got != "01" {
		t.Fatalf("project category: %v", got)
	}

	g1s := w.enrolMany(w.p1, w.g1Key, w.g1, bank, 6, "130102", "1990", true, "钢筋工", "labour_contract", "2026-09-01")
	s1s := w.enrolMany(w.p1, w.s1Key, w.s1, bank, 2, "510104", "2009-12", false, "木工", "written_agreement", "2026-10-08")
	g2s := w.enrolMany(w.p2, w.g2Key, w.g2, bank, 3, "440524", "1960", true, "木工", "labour_contract", "2026-09-01")
	w.enrolMany(w.p3, w.g1Key, w.g1, bank, 2, "360426", "1985", true, "钢筋工", "labour_contract", "2026-09-01")
	w.must(200, "POST", "/api/v1/projects/"+w.p2+"/workers/"+g2s[0]+"/exit", w.g2Key, map[string]string{"exited_on": "2026-10-20"})

	var days []map[string]any
	for _, e := range append(g1s, s1s[0]) {
		days = append(days, map[string]any{"enrolment_id": e, "date": "2026-10-12", "hours": 8})
	}
	w.must(201, "POST", "/api/v1/projects/"+w.p1+"/attendance", w.g1Key, days)

	// October's payrolls: g1's six paid in full, s1's one line owed.
	var lines []map[string]string
	for _, e := range g1s {
		lines = append(lines, payLine(e, "5000.00", "0", "5000.00"))
	}
	officer := w.key(w.g1, ledger.RoleContractor)
	pay := w.must(201, "POST", "/api/v1/projects/"+w.p1+"/payrolls", w.g1Key, map[string]any{"employer_id": w.g1, "period": "2026-10", "lines": lines}).str(t, "id")
	w.must(200, "POST", "/api/v1/payrolls/"+pay+"/approve", officer, nil)
	var items []map[string]any
	for i, it := range w.must(200, "GET", "/api/v1/payrolls/"+pay+"/instructions", w.g1Key, nil).json(t)["items"].([]any) {
		items = append(items, map[string]any{"instruction_id": it.(map[string]any)["id"], "status": "paid", "amount": "5000.00",
			"bank_ref": fmt.Sprintf("ST-%d", i), "settled_on": "2026-11-10"})
	}
	w.must(200, "POST", "/api/v1/bank/confirmations", w.bankKey, map[string]any{"items": items})
	subPay := w.must(201, "POST", "/api/v1/projects/"+w.p1+"/payrolls", w.s1Key, map[string]any{"employer_id": w.s1, "period": "2026-10",
		"lines": []map[string]string{payLine(s1s[0], "3000.00", "0", "3000.00")}}).str(t, "id")
	w.must(200, "POST", "/api/v1/payrolls/"+subPay+"/approve", officer, nil)
	return w
}

// enrolMany registers n workers born in born (YYYY or YYYY-MM) with
// identity numbers of region, men or women.
func (w *statsWorld) enrolMany(project, key, employer, bank string, n int, region, born string, male bool, trade, contract, entered string) []string {
	var out []string
	birth := born + "0101"
	if len(born) == 7 {
		birth = strings.ReplaceAll(born, "-", "") + "01"
	}
	for range n {
		seq := nextSeq()%450*2 + 101 // odd: a man
		if !male {
			seq++
		}
		b := workerBody(nextSeq(), employer, bank)
		b["id_number"] = ledger.CompleteResidentID(region + birth + leftPad(seq, 3))
		b["trade"], b["contract_kind"], b["contract_signed_on"], b["entered_on"] = trade, contract, entered, entered
		out = append(out, w.enrol(project, key, b))
	}
	return out
}

func (w *statsWorld) stats(key, query string) map[string]any {
	w.t.Helper()
	return w.must(200, "GET", "/api/v1/stats/workforce?period=2026-10"+query, key, nil).json(w.t)
}

// rowsOf maps a grouping's rows by label to "registered/on_site/paid/entries/exits/lc/wa/due/paid/owed/overdue",
// a hidden value written "*".
func rowsOf(t *testing.T, r map[string]any, groupBy string) map[string]string {
	t.Helper()
	for _, g := range r["groupings"].([]any) {
		g := g.(map[string]any)
		if g["group_by"] != groupBy {
			continue
		}
		out := map[string]string{"合计": rowText(g["total"].(map[string]any))}
		for _, row := range g["rows"].([]any) {
			row := row.(map[string]any)
			out[row["label"].(string)] = rowText(row)
		}
		return out
	}
	t.Fatalf("no grouping %s in %v", groupBy, r)
	return nil
}

func rowText(row map[string]any) string {
	var parts []string
	for _, k := range []string{"registered", "on_site", "paid", "entries", "exits", "labour_contracts", "written_agreements",
		"wages_due", "wages_paid", "wages_owed", "wages_overdue"} {
		switch v := row[k].(type) {
		case nil:
			parts = append(parts, "*")
		case float64:
			parts = append(parts, itoa(int(v)))
		default:
			parts = append(parts, fmt.Sprint(v))
		}
	}
	return strings.Join(parts, "/")
}

func TestWorkforceStatsGroupings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newStatsWorld(t, db)
		r := w.stats(w.district, "&region="+w.rg("110111"))
		if r["suppressed"] != false || r["projects"].(float64) != 2 || r["injury_insurance_known"] != true {
			t.Fatalf("district: %v", r)
		}
		if got := rowText(r["total"].(map[string]any)); got != "11/7/6/2/1/9/2/33000.00/30000.00/3000.00/3000.00" {
			t.Errorf("total = %s", got)
		}
		paid6, owed1 := "30000.00/30000.00/0.00/0.00", "3000.00/0.00/3000.00/3000.00"
		nothing := "0.00/0.00/0.00/0.00"
		want := map[string]map[string]string{
			"age_band": {"16–17岁": "2/1/0/2/0/0/2/" + owed1, "30–39岁": "6/6/6/0/0/6/0/" + paid6, "60岁及以上": "3/0/0/0/1/3/0/" + nothing,
				"合计": "11/7/6/2/1/9/2/33000.00/30000.00/3000.00/3000.00"},
			"sex":             {"男": "9/6/6/0/1/9/0/" + paid6, "女": "2/1/0/2/0/0/2/" + owed1, "合计": "11/7/6/2/1/9/2/33000.00/30000.00/3000.00/3000.00"},
			"origin_province": {"河北省": "6/6/6/0/0/6/0/" + paid6, "四川省": "2/1/0/2/0/0/2/" + owed1, "广东省": "3/0/0/0/1/3/0/" + nothing, "合计": "11/7/6/2/1/9/2/33000.00/30000.00/3000.00/3000.00"},
			"origin_prefecture": {"河北省石家庄市": "6/6/6/0/0/6/0/" + paid6, "四川省成都市": "2/1/0/2/0/0/2/" + owed1, "广东省汕头市": "3/0/0/0/1/3/0/" + nothing,
				"合计": "11/7/6/2/1/9/2/33000.00/30000.00/3000.00/3000.00"},
			"trade":    {"钢筋工": "6/6/6/0/0/6/0/" + paid6, "木工": "5/1/0/2/1/3/2/" + owed1, "合计": "11/7/6/2/1/9/2/33000.00/30000.00/3000.00/3000.00"},
			"category": {"房屋建筑": "8/7/6/2/0/6/2/33000.00/30000.00/3000.00/3000.00", "未填写": "3/0/0/0/1/3/0/" + nothing, "合计": "11/7/6/2/1/9/2/33000.00/30000.00/3000.00/3000.00"},
		}
		for groupBy, rows := range want {
			got := rowsOf(t, r, groupBy)
			if len(got) != len(rows) {
				t.Errorf("%s: %v, want %v", groupBy, got, rows)
			}
			for label, w := range rows {
				if got[label] != w {
					t.Errorf("%s %s = %s, want %s", groupBy, label, got[label], w)
				}
			}
		}
		// The six months to October: only October has wages.
		months := r["months"].([]any)
		if len(months) != 6 || fmt.Sprint(months[0]) != "map[due:0.00 owed:0.00 period:2026-05]" ||
			fmt.Sprint(months[5]) != "map[due:33000.00 owed:3000.00 period:2026-10]" {
			t.Errorf("months: %v", months)
		}
		// By employer and project: the groups are named by the organisations and projects.
		emp, prj := rowsOf(t, r, "employer"), rowsOf(t, r, "project")
		if len(emp) != 4 || len(prj) != 3 {
			t.Errorf("employer %v, project %v", emp, prj)
		}
		// Inspectors see their region only; the city narrows to Fengtai.
		if got := rowText(w.stats(w.city, "&region="+w.rg("110106"))["total"].(map[string]any)); got != "2/0/0/0/0/2/0/0.00/0.00/0.00/0.00" {
			t.Errorf("Fengtai = %s", got)
		}
		if got := rowText(w.stats(w.city, "")["total"].(map[string]any)); !strings.HasPrefix(got, "13/") {
			t.Errorf("Beijing = %s", got)
		}
		w.must(403, "GET", "/api/v1/stats/workforce?period=2026-10&region="+w.rg("110106"), w.district, nil)
		w.must(403, "GET", "/api/v1/stats/workforce?period=2026-10", w.bankKey, nil)
		for _, bad := range []string{"period=2026-13", "group_by=shoe_size", "region=11011", "format=pdf"} {
			w.must(422, "GET", "/api/v1/stats/workforce?"+bad, w.district, nil)
		}
		// group_by picks the tables.
		if g := w.stats(w.district, "&group_by=sex,trade")["groupings"].([]any); len(g) != 2 {
			t.Errorf("group_by=sex,trade: %d tables", len(g))
		}
	})
}

// A general contractor sees its own projects (P1 and P3, not g2's P2),
// with every count under five hidden and a complement so that the total
// gives none of them away.
func TestWorkforceStatsSuppressedForContractors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newStatsWorld(t, db)
		r := w.stats(w.g1Key, "")
		if r["suppressed"] != true || r["projects"].(float64) != 2 {
			t.Fatalf("g1: %v", r)
		}
		// 10 people: 8 on P1 and 2 on P3; 7 on site, 6 paid; 2 entries
		// (hidden: under 5), no exit (0 is shown).
		total := "10/7/6/*/0/*/*/33000.00/30000.00/3000.00/3000.00" // 8 labour contracts would tell the 2 agreements
		if got := rowText(r["total"].(map[string]any)); got != total {
			t.Errorf("total = %s", got)
		}
		hiddenRow := "*/*/*/*/*/*/*/*/*/*/*"
		want := map[string]map[string]string{
			// Men 8, women 2: the 2 hidden, the 8 with it (10 − 8 would
			// tell), each whole: every count of a group is at most its
			// registered people, so none of them is shown.
			"sex": {"男": hiddenRow, "女": hiddenRow, "合计": total},
			// 6, 2, 2: the two 2s add up to 4, so the 6 is hidden as well.
			"age_band": {"30–39岁": hiddenRow, "16–17岁": hiddenRow, "40–49岁": hiddenRow, "合计": total},
		}
		for groupBy, rows := range want {
			got := rowsOf(t, r, groupBy)
			if len(got) != len(rows) {
				t.Errorf("%s: %v", groupBy, got)
			}
			for label, w := range rows {
				if got[label] != w {
					t.Errorf("%s %s = %s, want %s", groupBy, label, got[label], w)
				}
			}
		}
		// Projects 8 and 2: both registered counts hidden.
		for label, row := range rowsOf(t, r, "project") {
			if label != "合计" && !strings.HasPrefix(row, "*/") {
				t.Errorf("project %s = %s: shown", label, row)
			}
		}
		// g2 alone (3 people) sees its total hidden too, and no money.
		g2 := w.stats(w.g2Key, "")
		if got := rowText(g2["total"].(map[string]any)); got != "*/*/*/*/*/*/*/*/*/*/*" {
			t.Errorf("g2 = %s", got)
		}
		if m := g2["months"].([]any)[5].(map[string]any); m["due"] != nil || m["owed"] != nil {
			t.Errorf("g2's months shown: %v", m)
		}
		// A region would let g1 subtract a narrower answer from the whole:
		// a contractor's figures are its whole scope only.
		w.must(422, "GET", "/api/v1/stats/workforce?period=2026-10&region="+w.rg("110111"), w.g1Key, nil)
		// A subcontractor holds no project as general contractor: nothing.
		if got := rowText(w.stats(w.s1Key, "")["total"].(map[string]any)); got != "0/0/0/0/0/0/0/0.00/0.00/0.00/0.00" {
			t.Errorf("s1 = %s", got)
		}
	})
}

// The export reads back: one sheet per grouping with Chinese headings and
// a totals row; the CSV holds the same figures.
func TestWorkforceStatsExports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newStatsWorld(t, db)
		r := w.must(200, "GET", "/api/v1/stats/workforce?period=2026-10&region="+w.rg("110111")+"&format=xlsx", w.district, nil)
		if !strings.Contains(r.Header.Get("Content-Disposition"), "workforce-2026-10-"+w.rg("110111")+".xlsx") {
			t.Errorf("disposition %q", r.Header.Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		wantSheets := []string{"概况", "年龄段", "性别", "籍贯省份", "籍贯地市", "工种", "用工单位", "项目", "项目类别"}
		if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(wantSheets, ",") {
			t.Fatalf("sheets %v, want %v", got, wantSheets)
		}
		rows, err := f.GetRows("性别")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || rows[0][0] != "性别" || rows[0][2] != "登记人数" || rows[1][0] != "男" || rows[1][2] != "9" ||
			rows[3][0] != "合计" || rows[3][2] != "11" || rows[3][len(rows[3])-1] != "3000" {
			t.Errorf("性别 sheet: %q", rows)
		}
		if typ, _ := f.GetCellType("性别", "C4"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("the total count is not a number: %v", typ)
		}
		summary, _ := f.GetRows("概况")
		region := w.rg("110111") // 110111 房山区; on the shared database a district of no name
		if n := ledger.RegionName(region); n != "" {
			region += " " + n
		}
		if !strings.Contains(fmt.Sprint(summary), region) || !strings.Contains(fmt.Sprint(summary), "2026-10") {
			t.Errorf("summary: %q", summary)
		}
		// A contractor's download hides what its JSON hides.
		r = w.must(200, "GET", "/api/v1/stats/workforce?period=2026-10", w.g1Key, nil, "Accept", "text/csv")
		recs, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, rec := range recs {
			if rec[0] == "性别" && rec[1] == "女" {
				found = true
				if rec[3] != "*" || rec[5] != "*" {
					t.Errorf("women, for the contractor: %q", rec)
				}
			}
		}
		if !found || recs[0][0] != "\ufeff分组方式" {
			t.Errorf("csv: %q", recs)
		}
	})
}

// A general contractor that pays first (an advance of wages already owed)
// pays the subcontractor's line: the month's wages due stay what the
// payroll said, they are not counted twice (the nightly check's rule).
func TestWorkforceStatsAdvanceNotDueTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		s := newSiteOf(e, e.rg("110105")) // its district alone: the statistics below are the region's
		a := s.enrol(s.project, s.subKey, workerBody(1, s.sub, s.bank))
		pay := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10",
			"lines": []map[string]string{payLine(a, "6000.00", "0", "6000.00")}}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+pay+"/approve", s.officer, nil)
		var items []map[string]any
		for i, it := range s.must(200, "GET", "/api/v1/payrolls/"+pay+"/instructions", s.gcKey, nil).json(t)["items"].([]any) {
			items = append(items, map[string]any{"instruction_id": it.(map[string]any)["id"], "status": "failed", "amount": "6000.00",
				"bank_ref": fmt.Sprintf("ADV-%d", i), "settled_on": "2026-11-10", "reason": "card closed"})
		}
		s.must(200, "POST", "/api/v1/bank/confirmations", s.key(s.bank, ledger.RoleBank), map[string]any{"items": items})
		adv := s.must(201, "POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "kind": "advance",
			"lines": []map[string]string{payLine(a, "6000.00", "0", "6000.00")}}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+adv+"/approve", s.officer, nil)
		r := s.must(200, "GET", "/api/v1/stats/workforce?period=2026-10&group_by=sex&region="+s.rg("110105"), s.admin, nil).json(t)
		total := r["total"].(map[string]any)
		if total["wages_due"] != "6000.00" || total["wages_owed"] != "6000.00" {
			t.Errorf("total after the advance: due %v owed %v, want 6000.00 and 6000.00", total["wages_due"], total["wages_owed"])
		}
		months := r["months"].([]any)
		if m := months[len(months)-1].(map[string]any); m["due"] != "6000.00" {
			t.Errorf("October by month: %v", m)
		}
	})
}

// What a scope reads is its own projects' facts: Fengtai's months hold none
// of P1's wages (Fangshan), and a worker whose only enrolment ended before
// the month is in no table of it, not even as a row of zeros (a
// contractor would learn from such a row that the group exists).
func TestWorkforceStatsScopeAndMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newStatsWorld(t, db)
		bank := w.org(ledger.OrgBank, w.rg("110106"))
		// A trade of no one else in Fengtai: its row would be the leaver's alone.
		gone := w.enrolMany(w.p3, w.g1Key, w.g1, bank, 1, "610102", "1970", false, "木工", "labour_contract", "2026-08-01")
		w.must(200, "POST", "/api/v1/projects/"+w.p3+"/workers/"+gone[0]+"/exit", w.g1Key, map[string]string{"exited_on": "2026-09-15"})
		r := w.stats(w.city, "&region="+w.rg("110106"))
		if got := rowText(r["total"].(map[string]any)); got != "2/0/0/0/0/2/0/0.00/0.00/0.00/0.00" {
			t.Errorf("Fengtai = %s", got)
		}
		for _, m := range r["months"].([]any) {
			if m := m.(map[string]any); m["due"] != "0.00" || m["owed"] != "0.00" {
				t.Errorf("Fengtai's month %v holds wages of another region's project", m)
			}
		}
		for groupBy, want := range map[string]string{"age_band": "40–49岁", "sex": "男", "origin_province": "江西省", "origin_prefecture": "江西省九江市", "trade": "钢筋工"} {
			got := rowsOf(t, r, groupBy)
			if len(got) != 2 || got[want] != "2/0/0/0/0/2/0/0.00/0.00/0.00/0.00" {
				t.Errorf("%s: %v, want only %s and the total (the worker who left in September is in no row)", groupBy, got, want)
			}
		}
	})
}

// A project registered before the category was asked for gets one: the
// project's general contractor (or an administrator) sets it, the same
// again changes nothing, a category off the list is refused naming the
// field, a subcontractor may not; the statistics count it at once.
func TestPatchProjectCategory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		s := newSiteOf(e, e.rg("110105")) // its district alone: the statistics below are the region's
		s.enrol(s.project, s.subKey, workerBody(1, s.sub, s.bank))
		s.must(403, "PATCH", s.path(""), s.subKey, map[string]any{"category": "02"})
		bad := s.must(422, "PATCH", s.path(""), s.gcKey, map[string]any{"category": "13"})
		if !strings.Contains(string(bad.Body), `"category"`) {
			t.Errorf("the refusal names no field: %s", bad.Body)
		}
		s.must(422, "PATCH", s.path(""), s.gcKey, map[string]any{"category": ""})
		for range 2 {
			if p := s.must(200, "PATCH", s.path(""), s.gcKey, map[string]any{"category": "市政公用"}).json(t); p["category"] != "02" {
				t.Errorf("project after PATCH: %v", p)
			}
		}
		var actions []string
		if err := db.Select(t.Context(), &actions, `SELECT action FROM audit_queue WHERE subject = ? AND action = 'project.category'
			UNION ALL SELECT action FROM audit_log WHERE subject = ? AND action = 'project.category'`, s.project, s.project); err != nil || len(actions) != 1 {
			t.Errorf("audited: %v %v, want one record", actions, err)
		}
		r := s.must(200, "GET", "/api/v1/stats/workforce?period="+ledger.DateOf(db.Now()).Period().String()+"&group_by=category&region="+s.rg("110105"), s.admin, nil).json(t)
		rows := r["groupings"].([]any)[0].(map[string]any)["rows"].([]any)
		if len(rows) != 1 || rows[0].(map[string]any)["key"] != "02" {
			t.Errorf("categories: %v", rows)
		}
	})
}

// Work-injury coverage in the statistics: a worker is insured in the month
// when the project's policies cover every day of the month they were
// enrolled. Counted by hand on statsWorld: P1 insured from 5 October covers
// only s1's worker who entered on the 8th (the one of s1 on site; g1's six
// were enrolled from 1 October); a second policy for 1-4 October covers
// g1's six too: 7. P2's policy covers its workers, none on site: 0.
func TestWorkforceStatsInjuryCoverage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newStatsWorld(t, db)
		insured := func() (bool, string) {
			r := w.stats(w.district, "&region="+w.rg("110111"))
			total := r["total"].(map[string]any)
			return r["injury_insurance_known"].(bool), fmt.Sprint(total["injury_insured"])
		}
		if known, n := insured(); !known || n != "0" {
			t.Fatalf("before any policy: known %v, insured %s", known, n)
		}
		policy := func(project, key, no, from, until string) {
			w.must(201, "POST", "/api/v1/projects/"+project+"/injury-insurance", key, map[string]any{"insurer": "房山区社会保险事业管理中心",
				"policy_no": no, "valid_from": from, "valid_until": until, "basis": "headcount", "headcount": 20})
		}
		policy(w.p1, w.g1Key, "P1-A", "2026-10-05", "2027-06-30")
		policy(w.p2, w.g2Key, "P2-A", "2026-09-01", "2027-06-30")
		if known, n := insured(); !known || n != "1" {
			t.Errorf("P1 insured from 5 October: known %v, insured %s, want 1", known, n)
		}
		policy(w.p1, w.g1Key, "P1-0", "2026-09-01", "2026-10-04")
		if _, n := insured(); n != "7" {
			t.Errorf("P1 insured all October: insured %s, want 7", n)
		}
		// The XLSX has the column, with the count in the totals row.
		r := w.must(200, "GET", "/api/v1/stats/workforce?period=2026-10&region="+w.rg("110111")+"&format=xlsx", w.district, nil)
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("性别")
		col := -1
		for i, h := range rows[0] {
			if h == "工伤保险覆盖人数" {
				col = i
			}
		}
		if col < 0 || rows[len(rows)-1][0] != "合计" || rows[len(rows)-1][col] != "7" {
			t.Errorf("性别 sheet lacks the insured count 7: %q", rows)
		}
	})
}
