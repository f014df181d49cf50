package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
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

// A result file is read by the sending bank's own status table, chosen by
// the bank_code of its organisation, else by the upload's bank_code; with
// neither, by the generic words alone, never another bank's codes (issue
// 11: on main a file naming no bank was read by every bank's codes merged).
func TestConfirmationFileReadByTheBanksOwnCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 3)
		// A bank gives its code when it is registered; no other kind has one.
		org := func(kind ledger.OrgKind, code string) resp {
			n := nextSeq()
			return s.do("POST", "/api/v1/organizations", s.admin, map[string]any{"name": "org " + itoa(n), "uscc": uscc(t, n), "kind": kind, "region_code": "110105", "bank_code": code})
		}
		if r := org(ledger.OrgBank, "308"); r.Status != 201 || r.json(t)["bank_code"] != "308" {
			t.Fatalf("bank with its code: %d %s", r.Status, r.Body)
		}
		for _, bad := range []struct {
			kind ledger.OrgKind
			code string
		}{{ledger.OrgOwner, "308"}, {ledger.OrgBank, "3080"}, {ledger.OrgBank, "cmb"}} {
			if r := org(bad.kind, bad.code); r.Status != 422 || !strings.Contains(strings.Join(errorsOf(t, r), " "), "bank_code") {
				t.Errorf("%s with bank_code %q: %d %s", bad.kind, bad.code, r.Status, r.Body)
			}
		}
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "40000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		row := func(i int, ref, status string) string {
			return fmt.Sprintf("%s,%s,%s,%d.00,2026-11-10,,\n", s.ins[i], ref, status, 5000+i)
		}
		head := "指令编号,银行流水号,状态,金额,入账日期,失败原因,收款账号\n"
		// Neither the bank nor the upload names a code: CMB's R means nothing.
		r := s.uploadForm("/api/v1/bank/confirmations", s.bankKey, "x.csv", []byte(head+row(0, "G-1", "R")+row(1, "G-2", "失败")), nil)
		if got, want := fileResults(t, r), "2:refused:R:unknown:unknown 3:applied:失败:failed"; got != want {
			t.Fatalf("no bank code: %s, want %s\n%s", got, want, r.Body)
		}
		// The bank's own code, given at registration, chooses CMB's table.
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			_, err := tx.Exec(`UPDATE organizations SET bank_code = '308' WHERE id = ?`, s.bank)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		r = s.uploadForm("/api/v1/bank/confirmations", s.bankKey, "cmb.csv", []byte(head+row(0, "C-1", "R")+row(2, "C-2", "S")), nil)
		if got, want := fileResults(t, r), "2:applied:R:failed 3:applied:S:paid"; got != want {
			t.Fatalf("bank 308: %s, want %s\n%s", got, want, r.Body)
		}
		// An upload naming another bank's code is refused, nothing read.
		r = s.uploadForm("/api/v1/bank/confirmations?bank_code=102", s.bankKey, "icbc.csv", []byte(head+row(2, "C-3", "7")), nil)
		if r.Status != 422 || strings.Join(errorsOf(t, r), " ") != "0:bank_code:bank_code" {
			t.Errorf("another bank's code: %d %s", r.Status, r.Body)
		}
	})
}

// ICBC's PayAmt is in fen (exchange-formats §6.2/6.3): 500100 is 5001.00
// yuan (on main it was read as 500100.00 and every paid row refused).
func TestConfirmationFileICBCAmountsInFen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "40000.00", "received_on": "2026-10-30", "bank_ref": "IN-1"})
		icbc := fmt.Sprintf("ReimburseNo,SerialNo,Result,PayAmt,BankRetTime,instrRetCode,instrRetMsg\n%s,I-1,7,500000,2026-11-10,,\n%s,I-2,6,500100,2026-11-10,B0203,户名不符\n", s.ins[0], s.ins[1])
		r := s.uploadForm("/api/v1/bank/confirmations?bank_code=102", s.bankKey, "icbc.csv", []byte(icbc), nil)
		if got, want := fileResults(t, r), "2:applied:7:paid 3:applied:6:failed"; got != want {
			t.Fatalf("ICBC file: %s, want %s\n%s", got, want, r.Body)
		}
		if !strings.Contains(string(r.Body), `"code":"6","outcome":"failed","meaning":"被银行拒绝","error_code":"B0203"`) {
			t.Errorf("the bank's error code is not in the answer: %s", r.Body)
		}
		var codes []string // and kept with the applied confirmation
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			return tx.Select(&codes, `SELECT bank_error_code FROM bank_confirmations WHERE bank_ref IN ('I-1', 'I-2') ORDER BY bank_ref`)
		}); err != nil || strings.Join(codes, "|") != "|B0203" {
			t.Errorf("stored error codes %q, %v", codes, err)
		}
		if rec := s.reconcile(); rec["ties_out"] != true || rec["paid"] != "5000.00" {
			t.Errorf("reconciliation: %v", rec)
		}
		// A fen amount with a decimal point is not one: kept, malformed.
		r = s.uploadForm("/api/v1/bank/confirmations?bank_code=102", s.bankKey, "icbc.csv", []byte(strings.Replace(icbc, "500000", "5000.00", 1)), nil)
		if got := fileResults(t, r); !strings.HasPrefix(got, "2:refused:7:paid:amount") {
			t.Errorf("a fen amount with a point: %s", got)
		}
	})
}
