package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/bankfile"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The wages of December 2026 on a project paying on the 1st are due on
// 1 January 2027, New Year's Day: the bank file's value date moves to the
// working day before, although 2027's State Council notice is not in the
// calendar (issue 11, item 7). The payroll is approved before its pay day:
// one approved after it is paid on the next working day instead (item 4).
func TestPayDayOnNewYearsDay(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 12, 21, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, gc, bank := e.org(ledger.OrgOwner, "110105"), e.org(ledger.OrgGeneralContractor, "110105"), e.org(ledger.OrgBank, "110105")
		body := projectBody("NY-"+itoa(nextSeq()), "110105", owner, gc, bank)
		body["pay_day"] = 1
		project := e.must(201, "POST", "/api/v1/projects", e.admin, body).str(t, "id")
		if d := approvedValueDate(t, e, project, gc, bank, "2026-12"); d.String() != "2026-12-31" {
			t.Errorf("value date %s, want 2026-12-31 (1 January is New Year's Day)", d)
		}
	}, store.WithClock(clock.Now))
}

// From 1 December, while next year's State Council notice is missing, the
// service stays ready and /readyz says what is missing.
func TestReadyzWarnsOfMissingNotice(t *testing.T) {
	for _, tc := range []struct {
		now  time.Time // UTC; the calendar date is Shanghai's
		want string
	}{
		{time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), ""},
		{time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC), "lacks the State Council holiday notice for 2027"}, // 1 December in Shanghai
	} {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			e := newEnv(t, db)
			r := e.do("GET", "/readyz", "", nil, "Accept-Language", "en")
			if tc.want == "" && strings.Contains(string(r.Body), "warnings") {
				t.Errorf("%s: %s", tc.now, r.Body)
			}
			if r.Status != 200 || r.str(t, "status") != "ready" || !strings.Contains(string(r.Body), tc.want) {
				t.Errorf("%s: %s", tc.now, r.Body)
			}
			// In Chinese, the warning is Chinese.
			if zh := e.do("GET", "/readyz", "", nil, "Accept-Language", "zh-CN"); tc.want != "" && (!strings.Contains(string(zh.Body), "国务院放假安排通知") || strings.Contains(string(zh.Body), "State Council")) {
				t.Errorf("%s in Chinese: %s", tc.now, zh.Body)
			}
		}, store.WithClock(storetest.NewClock(tc.now).Now))
	}
}

// A project may pay in the period's own month (当期, REG Art. 14): it says so
// as pay_rule, and the bank file of its December payroll, approved on
// 21 December, asks for payment on 25 December, not in January (issue 11,
// item 6).
func TestPayRuleInTheProject(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 12, 21, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, gc, bank := e.org(ledger.OrgOwner, "110105"), e.org(ledger.OrgGeneralContractor, "110105"), e.org(ledger.OrgBank, "110105")
		body := projectBody("PR-"+itoa(nextSeq()), "110105", owner, gc, bank)
		body["pay_day"] = 25
		body["pay_rule"] = map[string]any{"month": "current", "day": 26}
		bad := e.must(422, "POST", "/api/v1/projects", e.admin, body)
		if !strings.Contains(string(bad.Body), `"pay_rule.day"`) {
			t.Errorf("a pay_rule.day contradicting pay_day: %s", bad.Body)
		}
		body["pay_rule"] = map[string]any{"month": "this"}
		if bad := e.must(422, "POST", "/api/v1/projects", e.admin, body); !strings.Contains(string(bad.Body), `"pay_rule.month"`) {
			t.Errorf("an unknown pay_rule.month: %s", bad.Body)
		}
		body["pay_rule"] = map[string]any{"month": "current"}
		created := e.must(201, "POST", "/api/v1/projects", e.admin, body)
		if !strings.Contains(string(created.Body), `"pay_rule":{"month":"current","day":25}`) {
			t.Errorf("project: %s", created.Body)
		}
		if d := approvedValueDate(t, e, created.str(t, "id"), gc, bank, "2026-12"); d.String() != "2026-12-25" {
			t.Errorf("value date %s, want 2026-12-25 (current month)", d)
		}
	}, store.WithClock(clock.Now))
}

// approvedValueDate has the general contractor gc submit and approve a
// one-line payroll of period on project, and returns the value date of its
// bank file as the bank reads it.
func approvedValueDate(t *testing.T, e *env, project, gc, bank, period string) ledger.Date {
	t.Helper()
	gcKey := e.key(gc, ledger.RoleContractor)
	enr := e.enrol(project, gcKey, workerBody(nextSeq(), gc, bank))
	id := e.must(201, "POST", "/api/v1/projects/"+project+"/payrolls", gcKey, map[string]any{"employer_id": gc, "period": period,
		"lines": []map[string]string{payLine(enr, "6000.00", "0", "6000.00")}}).str(t, "id")
	e.must(200, "POST", "/api/v1/payrolls/"+id+"/approve", e.key(gc, ledger.RoleContractor), nil) // four-eyes
	file := e.must(200, "GET", "/api/v1/payrolls/"+id+"/instructions", e.key(bank, ledger.RoleBank), nil, "Accept", "text/csv")
	batch, err := bankfile.Read(strings.NewReader(string(file.Body)))
	if err != nil {
		t.Fatalf("bank file: %v\n%s", err, file.Body)
	}
	return batch.ValueDate
}
