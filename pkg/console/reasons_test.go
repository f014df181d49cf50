package console_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// An alert's page gives the check's reason and its history notes in the
// person's language: Chinese by default, English after the switch.
func TestAlertReasonInThePersonsLanguage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		id := f.alertID(t, "wages_unpaid", f.projectA)
		p := b.get("/console/alerts/" + id)
		if !strings.Contains(p.body, "未经银行确认足额支付") || strings.Contains(p.body, "not confirmed paid in full") || strings.Contains(p.body, `{&#34;key`) {
			t.Fatalf("the Chinese page does not give the reason in Chinese:\n%s", p.body)
		}
		if strings.Count(p.body, "未经银行确认足额支付") < 2 {
			t.Error("the history's opening note is not in Chinese")
		}
		b.get("/console/lang?to=en&back=" + url.QueryEscape("/console/alerts/"+id))
		if p := b.get("/console/alerts/" + id); !strings.Contains(p.body, "not confirmed paid in full") || strings.Contains(p.body, "未经银行确认足额支付") {
			t.Fatal("the English page does not give the reason in English")
		}
	})
}

// The records behind an alert are named as a person knows them — the
// payroll's month and line, the worker by name and masked identity number —
// not by raw ID, which stays only in the link's title.
func TestEvidenceIsNamedNotNumbered(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		id := f.alertID(t, "wages_unpaid", f.projectA)
		p := b.get("/console/alerts/" + id)
		if !regexp.MustCompile(`>工资单 2026-02 第 \d+ 行<`).MatchString(p.body) || strings.Contains(p.body, "<code>pay_") || !strings.Contains(p.body, `title="pay_`) {
			t.Fatalf("payroll lines are not named by month and line:\n%s", p.body)
		}
		if !regexp.MustCompile(`>工人\p{Han}+（\d{4}\*+\d{4}）的应付工资（2026-02）<`).MatchString(p.body) {
			t.Error("the worker's account is not named by the worker's name and masked identity number")
		}
		b.get("/console/lang?to=en&back=" + url.QueryEscape("/console/alerts/"+id))
		if p := b.get("/console/alerts/" + id); !strings.Contains(p.body, "Payroll 2026-02, line ") {
			t.Error("the English page does not name the payroll line")
		}
	})
}
