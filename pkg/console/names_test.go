package console_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// The alert history's 经办 column names who acted by their organisation
// and the key's label, never by the API key's ID; the nightly check is
// named in words.
func TestHistoryNamesWhoActed(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		id := f.alertID(t, "wages_unpaid", f.projectA)
		form := url.Values{"action": {"acknowledge"}, "csrf": {hidden(b.get("/console/alerts/"+id).body, "csrf")}}
		p := b.post("/console/alerts/"+id+"/actions", form)
		history := p.body[strings.Index(p.body, `id="history"`):]
		history = history[:strings.Index(history, "</table>")]
		if !strings.Contains(history, ">房山区劳动监察大队（console test）<") || !strings.Contains(history, ">夜间核查<") {
			t.Fatalf("the history does not name the inspector's unit and key:\n%s", history)
		}
		if regexp.MustCompile(`>key_[0-9a-z]+<`).MatchString(history) {
			t.Errorf("the history shows a key's ID:\n%s", history)
		}
		b.get("/console/lang?to=en&back=" + url.QueryEscape("/console/alerts/"+id))
		if p := b.get("/console/alerts/" + id); !strings.Contains(p.body, ">房山区劳动监察大队 (console test)<") {
			t.Error("the English history does not name the inspector's unit and key")
		}
	})
}

// A rectification deadline counted again with its order's reads in the
// history as the system's entry, with the order and both dates, in
// Chinese and English. The entry is the one ledger.MoveOrderedDeadline
// makes, written as the recount writes it (the recount itself: httpapi's
// TestOrderAndReplyDeadlinesAcrossTheYear).
func TestHistoryShowsTheDeadlineMoved(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		id := f.alertID(t, "wages_unpaid", f.projectA)
		was, now := ledger.NewDate(2027, 1, 12), ledger.NewDate(2027, 1, 13)
		_, event, moved := ledger.MoveOrderedDeadline(ledger.Alert{ID: id, Status: ledger.AlertRectificationOrdered, Deadline: was},
			"ord_moved", was, now, ledger.DateOf(today))
		if !moved {
			t.Fatal("the deadline did not move")
		}
		if err := f.db.WithTx(context.Background(), func(tx *store.Tx) error {
			return store.InsertAlertEvents(tx, []ledger.AlertEvent{event}, []string{f.projectA})
		}); err != nil {
			t.Fatal(err)
		}
		b := f.signIn("inspA")
		for _, want := range [][]string{{">期限重算<", ">系统<", "工作日历", "ord_moved", "2027-01-13", "2027-01-12"},
			{">deadline moved<", ">system<", "working-day calendar", "ord_moved", "2027-01-13", "2027-01-12"}} {
			p := b.get("/console/alerts/" + id)
			history := p.body[strings.Index(p.body, `id="history"`):]
			history = history[:strings.Index(history, "</table>")]
			for _, w := range want {
				if !strings.Contains(history, w) {
					t.Errorf("the history lacks %q:\n%s", w, history)
				}
			}
			b.get("/console/lang?to=en&back=" + url.QueryEscape("/console/alerts/"+id))
		}
	})
}

// A contractor who can see the alert sees who acted by organisation only: a
// key's label is free text, often a person's name, for the inspectorate
// and the key's own organisation.
func TestHistoryHidesOtherOrganisationsKeyLabels(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		id := f.alertID(t, "wages_unpaid", f.projectA)
		b := f.signIn("inspA")
		form := url.Values{"action": {"acknowledge"}, "csrf": {hidden(b.get("/console/alerts/"+id).body, "csrf")}}
		b.post("/console/alerts/"+id+"/actions", form)
		p := f.signIn("gcA").get("/console/alerts/" + id)
		i := strings.Index(p.body, `id="history"`)
		if i < 0 {
			t.Fatalf("the contractor sees no history:\n%s", p.body)
		}
		history := p.body[i:]
		history = history[:strings.Index(history, "</table>")]
		if strings.Contains(history, "console test") || !strings.Contains(history, ">房山区劳动监察大队<") {
			t.Errorf("the contractor's history does not name the inspector's unit alone:\n%s", history)
		}
	})
}

// An alert the check resolved says which bank confirmations paid it as a
// person reads them — the bank's reference, the day and the amount, linked
// to the worker paid — not by their cnf_ IDs.
func TestResolutionNamesTheBankConfirmations(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		sys := service.WithCaller(context.Background(), service.System)
		_, _, ins, err := f.svc.PayrollInstructions(f.as("gcB"), f.payrolls["gcB"])
		if err != nil || len(ins) != 1 {
			t.Fatalf("%d instructions, %v", len(ins), err)
		}
		bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: f.orgs["bank"], Role: ledger.RoleBank})
		if res, err := f.svc.RecordConfirmations(bank, f.orgs["bank"], []ledger.ConfirmationItem{{InstructionID: ins[0].ID, Status: ledger.ConfirmPaid,
			Amount: ins[0].Amount, BankRef: "BANK-B-1", SettledOn: ledger.NewDate(2026, 3, 20)}}); err != nil || res[0].Result != ledger.Applied {
			t.Fatalf("confirmation: %+v, %v", res, err)
		}
		if _, err := f.svc.RunCheck(sys, ledger.NewDate(2026, 3, 20)); err != nil {
			t.Fatal(err)
		}
		id := f.alertID(t, "wages_unpaid", f.projectB)
		p := f.signIn("inspB").get("/console/alerts/" + id)
		res := regexp.MustCompile(`(?s)id="alert-resolution">(.*?)</dd>`).FindStringSubmatch(p.body)
		if res == nil {
			t.Fatalf("the alert is not resolved:\n%s", p.body)
		}
		link := regexp.MustCompile(`<a class="confirmation" href="/console/projects/` + f.projectB + `/workers/` + f.enrB[0] + `" title="cnf_[0-9a-z]+">银行回单 BANK-B-1（2026-03-20 到账 ¥6,000.00）</a>`)
		if !link.MatchString(res[1]) || regexp.MustCompile(`[^"]cnf_`).MatchString(res[1]) {
			t.Errorf("the resolution does not name its bank confirmation: %s", res[1])
		}
		if !link.MatchString(p.body[strings.Index(p.body, `id="history"`):]) {
			t.Error("the history's resolved note does not name its bank confirmation")
		}
	})
}

// A project-level alert names its project by name and code, not by ID.
func TestProjectAlertNamesItsProject(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		as, err := f.svc.ListAlerts(service.WithCaller(context.Background(), service.System), store.AlertFilter{ProjectID: f.projectA, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		id := ""
		for _, a := range as {
			if strings.HasPrefix(a.Key.Subject, string(ledger.SubjectProject)+":") {
				id = a.ID
			}
		}
		if id == "" {
			t.Fatalf("no project-level alert on project A among %d", len(as))
		}
		p := f.signIn("inspA").get("/console/alerts/" + id)
		subject := regexp.MustCompile(`(?s)<dt>[^<]*</dt><dd>(项目: <a[^>]*>[^<]*</a>)</dd>`).FindStringSubmatch(p.body)
		if subject == nil || !strings.Contains(subject[1], ">长阳镇安置房二期（FS-001）<") || strings.Contains(subject[1], ">prj_") {
			t.Errorf("the subject does not name the project: %v", subject)
		}
	})
}
