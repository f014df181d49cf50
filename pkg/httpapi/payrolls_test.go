package httpapi_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/bankfile"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func TestPayrollValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		a := s.enrol(s.project, s.subKey, workerBody(1, s.sub, s.bank))
		b := s.enrol(s.project, s.subKey, workerBody(2, s.sub, s.bank))
		gcs := s.enrol(s.project, s.gcKey, workerBody(3, s.gc, s.bank)) // employed by the GC, not the subcontractor
		left := s.enrol(s.project, s.subKey, workerBody(4, s.sub, s.bank))
		s.must(200, "POST", s.path("/workers/"+left+"/exit"), s.subKey, map[string]string{"exited_on": "2026-08-31"})
		wrongName := payLine(b, "6000", "0", "6000")
		wrongName["name"] = "王五"
		wrongCard := payLine(a, "6000", "0", "6000")
		wrongCard["bank_card"] = ledger.CompleteBankCard("62148300000000099")
		bad := []map[string]string{
			payLine(a, "6000.00", "500.00", "5400.00"), // 1: arithmetic
			wrongName,                               // 2: name
			payLine(gcs, "6000", "0", "6000"),       // 3: another employer's worker
			payLine(left, "6000", "0", "6000"),      // 4: exited before the period
			payLine(a, "6000.005", "0", "6000.005"), // 5: third decimal
			payLine(b, "-5", "0", "-5"),             // 6: negative
			wrongCard,                               // 7: not the registered card
			{"id_number": ledger.CompleteResidentID("11010519900101999"), "name": "陌生人", "days_worked": "40",
				"gross_pay": "1", "net_pay": "1", "bank_card": ledger.CompleteBankCard("62220200000000099")}, // 8: days, unregistered
		}
		r := s.must(422, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": bad})
		got := strings.Join(errorsOf(t, r), " ")
		want := []string{"1:net_pay:arithmetic", "2:name:name_mismatch", "3:id_number:not_enrolled", "4:id_number:not_enrolled",
			"5:gross_pay:amount", "6:gross_pay:negative", "7:bank_card:not_registered_card", "8:days_worked:range"}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("errors %s lack %s", got, w)
			}
		}
		// Duplicates, control totals, and the period.
		dup := []map[string]string{payLine(a, "6000", "0", "6000"), payLine(a, "100", "0", "100")}
		r = s.must(422, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": dup})
		if got := strings.Join(errorsOf(t, r), " "); got != "2:id_number:duplicate" {
			t.Errorf("duplicate: %s", got)
		}
		one := []map[string]string{payLine(a, "6000", "0", "6000")}
		r = s.must(422, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": one,
			"control": map[string]any{"line_count": 2, "net_total": "6000.00"}})
		if got := strings.Join(errorsOf(t, r), " "); got != "0:line_count:control_total" {
			t.Errorf("control count: %s", got)
		}
		r = s.must(422, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": one,
			"control": map[string]any{"line_count": 1, "net_total": "6000.01"}})
		if got := strings.Join(errorsOf(t, r), " "); got != "0:net_total:control_total" {
			t.Errorf("control net: %s", got)
		}
		for period, code := range map[string]string{"2099-01": "future", "2026-02": "before_project", "2026-13": "format"} {
			r = s.must(422, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": period, "lines": one})
			if got := strings.Join(errorsOf(t, r), " "); got != "0:period:"+code {
				t.Errorf("period %s: %s", period, got)
			}
		}
		s.must(403, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.gc, "period": "2026-10", "lines": one})
		if n := s.count("payrolls"); n != 0 {
			t.Fatalf("%d payrolls stored by refused uploads", n)
		}
	})
}

func TestPayrollLifecycleAndApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newSite(t, db, "110105")
		a := s.enrol(s.project, s.subKey, workerBody(1, s.sub, s.bank))
		b := s.enrol(s.project, s.subKey, workerBody(2, s.sub, s.bank))
		s.must(201, "POST", s.path("/attendance"), s.subKey, []map[string]any{{"enrolment_id": a, "date": "2026-10-08", "hours": "8"}})
		lines := []map[string]string{payLine(a, "6000.00", "500.00", "5500.00"), payLine(b, "2000.00", "0", "2000.00")}
		lines[1]["confirmed"] = "否"
		first := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).json(t)
		if first["status"] != "submitted" || first["totals"].(map[string]any)["net"] != "7500.00" || first["totals"].(map[string]any)["lines"].(float64) != 2 {
			t.Fatalf("submitted: %v", first)
		}
		warn := string(jsonOfAny(first["line_warnings"]))
		for _, w := range []string{"exceed the 1 day of attendance", "has not confirmed", "below the local minimum wage of 2540.00"} {
			if !strings.Contains(warn, w) {
				t.Errorf("warnings %s lack %q", warn, w)
			}
		}
		// A new upload replaces the submitted one.
		lines[0] = payLine(a, "6100.00", "500.00", "5600.00")
		second := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines}).json(t)
		if second["replaces"] != first["id"] {
			t.Fatalf("replace: %v", second)
		}
		old := s.must(200, "GET", "/api/v1/payrolls/"+first["id"].(string), s.gcKey, nil).json(t)
		if old["status"] != "superseded" {
			t.Errorf("old payroll: %v", old["status"])
		}
		id := second["id"].(string)
		s.must(403, "POST", "/api/v1/payrolls/"+id+"/approve", s.subKey, nil)
		s.must(422, "POST", "/api/v1/payrolls/"+id+"/reject", s.gcKey, map[string]string{"reason": " "})
		s.must(409, "GET", "/api/v1/payrolls/"+id+"/instructions", s.gcKey, nil)
		appr := s.must(200, "POST", "/api/v1/payrolls/"+id+"/approve", s.officer, nil).json(t)
		if appr["status"] != "approved" {
			t.Fatalf("approve: %v", appr)
		}
		s.must(409, "POST", "/api/v1/payrolls/"+id+"/approve", s.officer, nil)
		s.must(409, "POST", "/api/v1/payrolls/"+id+"/reject", s.gcKey, map[string]string{"reason": "late"})
		// After approval a new regular payroll is refused; a supplementary one adds to what is owed.
		lines[1] = payLine(b, "2100.00", "0", "2100.00")
		r := s.must(409, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": lines})
		if !strings.Contains(r.str(t, "detail"), "supplementary") {
			t.Errorf("after approval: %s", r.Body)
		}
		supp := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "kind": "supplementary",
			"lines": []map[string]string{payLine(a, "300.00", "0", "300.00")}}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+supp+"/approve", s.officer, nil)

		// The books: what each worker is owed for the period equals the approved net pay.
		rd := db.Reader(ctx)
		period := ledger.MustPeriod("2026-10")
		for enr, want := range map[string]ledger.Money{a: 590000, b: 200000} {
			got, err := store.PeriodBalance(rd, ledger.Account{ProjectID: s.project, Kind: ledger.WagesPayable, Ref: enr}, period)
			if err != nil || ledger.WagesPayable.Natural(got) != want {
				t.Errorf("owed to %s: %s, want %s (%v)", enr, ledger.WagesPayable.Natural(got), want, err)
			}
		}
		cost, _ := store.Balance(rd, ledger.Account{ProjectID: s.project, Kind: ledger.LabourCost, Ref: s.sub})
		if cost != 790000 {
			t.Errorf("labour cost %s", cost)
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil || len(rep.Discrepancies) != 0 || s.count("ledger_entries") != 3 { // its own entries (on the shared database the report counts every test's)
			t.Fatalf("ledger verify: %+v %v", rep, err)
		}
		// The payroll with its lines and their payment status.
		d := s.must(200, "GET", "/api/v1/payrolls/"+id, s.subKey, nil).json(t)
		ls := d["lines"].([]any)
		if len(ls) != 2 || ls[0].(map[string]any)["payment_status"] != "pending" || ls[0].(map[string]any)["net_pay"] != "5600.00" || d["payments"].(map[string]any)["pending"].(float64) != 2 {
			t.Fatalf("detail: %v", d)
		}
		// Instructions: JSON with masked cards for the GC; the bank file with full numbers for the bank.
		ins := s.must(200, "GET", "/api/v1/payrolls/"+id+"/instructions", s.gcKey, nil)
		v, _ := enrolled.Load(a)
		card := v.(map[string]any)["bank_card"].(string)
		if strings.Contains(string(ins.Body), card) || !strings.Contains(string(ins.Body), "5600.00") {
			t.Errorf("JSON instructions: %s", ins.Body)
		}
		bankKey := s.key(s.bank, ledger.RoleBank)
		file := s.must(200, "GET", "/api/v1/payrolls/"+id+"/instructions", bankKey, nil, "Accept", "text/csv")
		batch, err := bankfile.Read(strings.NewReader(string(file.Body)))
		if err != nil || len(batch.Lines) != 2 || batch.Total() != 760000 || batch.Lines[0].PayeeAccount != card || batch.Ref != id {
			t.Fatalf("bank file: %v\n%s", err, file.Body)
		}
		if !strings.Contains(string(s.must(200, "GET", "/api/v1/audit?subject="+id, s.admin, nil).Body), "instructions.export") {
			t.Error("export not audited")
		}
		// The same JSON again is the same payroll (an Idempotency-Key replay).
		// November pays a more than three times their usual (October's approved regular) pay: a warning.
		body := map[string]any{"employer_id": s.sub, "period": "2026-11", "lines": []map[string]string{payLine(b, "100", "0", "100"), payLine(a, "20000", "0", "20000")}}
		one := s.do("POST", s.path("/payrolls"), s.subKey, body, "Idempotency-Key", "nov-1")
		two := s.do("POST", s.path("/payrolls"), s.subKey, body, "Idempotency-Key", "nov-1")
		if one.Status != 201 || two.Header.Get("Idempotency-Hit") != "true" || string(one.Body) != string(two.Body) {
			t.Errorf("idempotent payroll: %d %s / %s", one.Status, one.Body, two.Body)
		}
		if !strings.Contains(string(one.Body), "more than three times the worker's usual pay") {
			t.Errorf("usual-pay warning missing: %s", one.Body)
		}
	})
}

// A payroll spreadsheet written by LibreOffice with the usual damage.
func TestPayrollSpreadsheet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		people := []struct{ name, id, card string }{
			{"张伟", "110105198503120039", "6222021000000000017"},
			{"李娜", "440524199001010026", "6222021000000000025"},
			{"阿卜杜拉·买买提", "650102198808080011", "6222021000000000033"},
		}
		for _, p := range people {
			w := workerBody(nextSeq(), s.sub, s.bank)
			w["name"], w["id_number"], w["bank_card"] = p.name, p.id, p.card
			s.enrol(s.project, s.subKey, w)
		}
		damaged, _ := os.ReadFile("../../testdata/payroll/libreoffice-payroll-numbers.xlsx")
		r := s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.xlsx", damaged, map[string]string{"period": "2026-10"})
		if r.Status != 422 {
			t.Fatalf("numbers workbook: %d %s", r.Status, r.Body)
		}
		got := strings.Join(errorsOf(t, r), " ")
		if got != "4:id_number:spreadsheet_number 5:id_number:spreadsheet_number 7:id_number:spreadsheet_number" || !strings.Contains(string(r.Body), "Format the column as Text") {
			t.Errorf("numbers workbook: %s", r.Body)
		}
		good, _ := os.ReadFile("../../testdata/payroll/libreoffice-payroll.xlsx")
		r = s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.xlsx", good, map[string]string{"period": "2026-10", "line_count": "3", "net_total": "16100.50"})
		if r.Status != 201 || r.json(t)["totals"].(map[string]any)["net"] != "16100.50" {
			t.Fatalf("workbook: %d %s", r.Status, r.Body)
		}
		again := s.uploadForm(s.path("/payrolls"), s.subKey, "copy.xlsx", good, map[string]string{"period": "2026-10"})
		if again.Status != 200 || again.Header.Get("Idempotency-Hit") != "true" || again.str(t, "id") != r.str(t, "id") {
			t.Errorf("same file again: %d %s", again.Status, again.Body)
		}
	})
}
