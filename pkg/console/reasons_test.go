package console_test

import (
	"net/url"
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
