package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A result file is read by the sending bank's own status table (issue 11,
// item 2): at CMB (bank_code 308) R is 否决, a rejection, not a return; at
// ICBC (102) 6 is 被银行拒绝; pending and uncertain codes are refused with
// the code kept in the answer.
func TestConfirmationFileBankCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 6)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "40000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		row := func(i int, ref, status string) string {
			return fmt.Sprintf("%s,%s,%s,%d.00,2026-11-10,,\n", s.ins[i], ref, status, 5000+i)
		}
		// ICBC's result codes under the Chinese headings.
		icbc := "指令编号,银行流水号,状态,金额,入账日期,失败原因,收款账号\n" + row(4, "I-1", "6") + row(5, "I-2", "7") + row(2, "I-3", "9")
		r := s.uploadForm("/api/v1/bank/confirmations?bank_code=102", s.bankKey, "icbc.csv", []byte(icbc), nil)
		want := "2:applied:6:failed 3:applied:7:paid 4:refused:9:pending:pending"
		if got := fileResults(t, r); got != want {
			t.Fatalf("ICBC file: %s, want %s\n%s", got, want, r.Body)
		}
		// CMB's, under its own field names.
		cmb := "cprref,流水号,stscod,trsamt,trsdat,errtxt,accnbr\n" + row(0, "C-1", "S") + row(1, "C-2", "R") + row(2, "C-3", "A") + row(3, "C-4", "WRF")
		r = s.uploadForm("/api/v1/bank/confirmations", s.bankKey, "cmb.csv", []byte(cmb), map[string]string{"bank_code": "308"})
		want = "2:applied:S:paid 3:applied:R:failed 4:refused:A:pending:pending 5:refused:WRF:uncertain:uncertain"
		if got := fileResults(t, r); got != want {
			t.Fatalf("CMB file: %s, want %s\n%s", got, want, r.Body)
		}
		if !strings.Contains(string(r.Body), `"meaning":"否决"`) {
			t.Errorf("the bank's own name of R is not in the answer: %s", r.Body)
		}
		failed := string(s.must(200, "GET", "/api/v1/bank/instructions?status=failed", s.bankKey, nil).Body)
		if !strings.Contains(failed, s.ins[1]) || !strings.Contains(failed, s.ins[4]) {
			t.Errorf("R at CMB and 6 at ICBC are failures: %s", failed)
		}
		if rec := s.reconcile(); rec["ties_out"] != true || rec["paid"] != "10005.00" {
			t.Errorf("reconciliation: %v", rec)
		}
		// A bank code that is not one is refused before anything is read.
		r = s.uploadForm("/api/v1/bank/confirmations", s.bankKey, "x.csv", []byte(cmb), map[string]string{"bank_code": "CMBC bank"})
		if r.Status != 422 || strings.Join(errorsOf(t, r), " ") != "0:bank_code:bank_code" {
			t.Errorf("bad bank code: %d %s", r.Status, r.Body)
		}
	})
}

// fileResults is "row:result:code:outcome[:error code]" for each result of a file.
func fileResults(t *testing.T, r resp) string {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("file: %d %s", r.Status, r.Body)
	}
	var got []string
	for _, it := range r.json(t)["results"].([]any) {
		m := it.(map[string]any)
		st, _ := m["bank_status"].(map[string]any)
		line := fmt.Sprintf("%v:%s:%v:%v", m["row"], m["result"], st["code"], st["outcome"])
		if errs, ok := m["errors"].([]any); ok {
			line += ":" + errs[0].(map[string]any)["code"].(string)
		}
		got = append(got, line)
	}
	return strings.Join(sortedStrings(got), " ")
}

// A result file row whose status is pending, uncertain or not in the bank's
// table is kept as an unmatched confirmation with the bank's code, audited,
// and applies nothing; the bank's final row for the same instruction, under
// the same reference or another, then applies as usual (issue 11, item 2:
// on main these rows were refused and not kept).
func TestConfirmationFileKeepsRowsThatAreNoResult(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 4)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "40000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		row := func(i int, ref, status, amount string) string {
			return fmt.Sprintf("%s,%s,%s,%s,2026-11-10,,\n", s.ins[i], ref, status, amount)
		}
		head := "指令编号,银行流水号,状态,金额,入账日期,失败原因,收款账号\n"
		first := head + row(0, "P-1", "9", "5000.00") + row(1, "P-2", "B0116", "") + row(2, "P-3", "ZZ", "5002.00") + row(3, "P-4", "7", "5003.00")
		for range 2 { // the same file again keeps each row once
			r := s.uploadForm("/api/v1/bank/confirmations?bank_code=102", s.bankKey, "icbc.csv", []byte(first), nil)
			if got, want := fileResults(t, r), "2:refused:9:pending:pending 3:refused:B0116:uncertain:uncertain 4:refused:ZZ:unknown:unknown 5:"; !strings.HasPrefix(got, want) {
				t.Fatalf("first file: %s, want %s…\n%s", got, want, r.Body)
			}
			for _, it := range r.json(t)["results"].([]any) {
				if m := it.(map[string]any); m["result"] == "refused" && m["kept"] != true {
					t.Errorf("row %v is not kept: %v", m["row"], m)
				}
			}
		}
		list := s.must(200, "GET", "/api/v1/bank/unmatched", s.bankKey, nil).json(t)["items"].([]any)
		var kept []string
		for _, u := range list {
			m := u.(map[string]any)
			kept = append(kept, fmt.Sprintf("%s:%s:%s:%s:%s:%v", m["bank_ref"], m["status"], m["bank_status"], m["problem_code"], m["amount"], m["project_id"] == s.project))
		}
		if got, want := strings.Join(kept, " "), "P-1:pending:9:not_final:5000.00:true P-2:uncertain:B0116:not_final:0.00:true P-3:unknown:ZZ:not_final:5002.00:true"; got != want {
			t.Fatalf("kept %s\nwant %s", got, want)
		}
		var audited bool
		for _, it := range s.must(200, "GET", "/api/v1/audit?chain="+s.project+"&subject="+s.project, s.admin, nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["action"] == "bank.confirmations" && strings.Contains(m["detail"].(string), "1 applied, 3 refused and kept unmatched") {
				audited = true
			}
		}
		if !audited {
			t.Error("the kept rows are not audited with their batch")
		}
		rec := s.reconcile()
		if rec["paid"] != "5003.00" || rec["ties_out"] != true {
			t.Fatalf("rows that are no result moved money: %v", rec)
		}
		if n := countExceptions(rec, "unmatched_confirmation"); n != 3 {
			t.Errorf("%d unmatched exceptions while the instructions wait, want 3: %v", n, rec["exceptions"])
		}
		// The final results: the same reference for the pending row, another
		// for the uncertain one.
		final := head + row(0, "P-1", "7", "5000.00") + row(1, "P-9", "7", "5001.00")
		r := s.uploadForm("/api/v1/bank/confirmations?bank_code=102", s.bankKey, "icbc.csv", []byte(final), nil)
		if got, want := fileResults(t, r), "2:applied:7:paid 3:applied:7:paid"; got != want {
			t.Fatalf("final file: %s, want %s\n%s", got, want, r.Body)
		}
		rec = s.reconcile()
		if rec["paid"] != "15004.00" || rec["ties_out"] != true {
			t.Fatalf("after the final rows: %v", rec)
		}
		if n := countExceptions(rec, "unmatched_confirmation"); n != 1 { // P-3's instruction still waits
			t.Errorf("%d unmatched exceptions once answered, want 1: %v", n, rec["exceptions"])
		}
	})
}

func countExceptions(rec map[string]any, kind string) int {
	n := 0
	for _, e := range rec["exceptions"].([]any) {
		if e.(map[string]any)["kind"] == kind {
			n++
		}
	}
	return n
}
