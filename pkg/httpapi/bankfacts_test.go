package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Every result file row that names an instruction or a bank reference is
// applied or kept unmatched with its columns and its problem (issue 11: on
// main a pending row with no trsdat, an amount written 5,002.00, a 失败
// with no reason and a paid row with no amount were refused and dropped).
// Only a row naming nothing is refused without being kept.
func TestConfirmationFileKeepsEveryFactThatNamesSomething(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 6)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "40000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		row := func(i int, ref, stscod, rtnflg, amount, date, errtxt, errcod string) string {
			return fmt.Sprintf("%s,%s,%s,%s,%s,%s,%s,%s\n", s.ins[i], ref, stscod, rtnflg, amount, date, errtxt, errcod)
		}
		cmb := "cprref,流水号,stscod,rtnflg,trsamt,trsdat,errtxt,errcod\n" +
			row(0, "C-0", "A", "", "5000.00", "", "", "") + // 2: pending, no date: kept
			row(1, "C-1", "S", "S", `"5,001.00"`, "2026-11-10", "", "") + // 3: thousands separator: applied
			row(2, "C-2", "失败", "", "", "2026-11-10", "", "E2001") + // 4: a failure with no reason: applied
			row(3, "C-3", "S", "", "", "2026-11-10", "", "E9") + // 5: paid, no amount: kept, malformed
			row(4, "C-4", "S", "", `"5800,50"`, "2026-11-10", "", "") + // 6: a comma not separating thousands: kept, malformed
			row(5, "C-5", "", "F", "", "2026-11-10", "账户已销户", "") + // 7: no stscod: the batch's rtnflg F is read
			",,S,,5000.00,2026-11-10,,\n" // 8: names nothing: refused, not kept
		r := s.uploadForm("/api/v1/bank/confirmations?bank_code=308", s.bankKey, "cmb.csv", []byte(cmb), nil)
		want := "2:refused:A:pending:pending 3:applied:S:paid 4:applied:失败:failed 5:refused:S:paid:not_positive 6:refused:S:paid:amount 7:applied:F:failed 8:refused:S:paid:required"
		if got := fileResults(t, r); got != want {
			t.Fatalf("CMB file: %s\nwant %s\n%s", got, want, r.Body)
		}
		for _, it := range r.json(t)["results"].([]any) {
			m := it.(map[string]any)
			if kept := m["kept"] == true; m["result"] == "refused" && kept != (m["row"] != 8.0) {
				t.Errorf("row %v kept %v", m["row"], kept)
			}
		}
		list := s.must(200, "GET", "/api/v1/bank/unmatched", s.bankKey, nil).json(t)["items"].([]any)
		var kept []string
		for _, u := range list {
			m := u.(map[string]any)
			raw, _ := m["raw"].(map[string]any)
			kept = append(kept, fmt.Sprintf("%s:%s:%s:%v:%v:%v:%v", m["bank_ref"], m["status"], m["problem_code"], m["settled_on"], m["bank_error_code"], raw["amount"], m["project_id"] == s.project))
		}
		if got, want := strings.Join(kept, " "), "C-0:pending:not_final:<nil>:<nil>:5000.00:true C-3:paid:malformed:2026-11-10:E9:<nil>:true C-4:paid:malformed:2026-11-10:<nil>:5800,50:true"; got != want {
			t.Fatalf("kept %s\nwant %s", got, want)
		}
		failed := string(s.must(200, "GET", "/api/v1/bank/instructions?status=failed", s.bankKey, nil).Body)
		if !strings.Contains(failed, s.ins[2]) || !strings.Contains(failed, s.ins[5]) {
			t.Errorf("失败 without a reason and rtnflg F are failures: %s", failed)
		}
		if rec := s.reconcile(); rec["ties_out"] != true || rec["paid"] != "5001.00" {
			t.Errorf("reconciliation: %v", rec)
		}
	})
}
