package ledger

import "testing"

// The 6-year review cycle is recorded only with its consent, never for a
// construction kind, and the nightly rules' certificate (CertificateFact)
// carries it: the welder past its 3-year review date stands valid with it.
func TestExtendedCycleRecorded(t *testing.T) {
	welder := CertificateInput{Number: "T-1", Kind: "熔化焊接与热切割作业", ValidFrom: "2022-06-10", ValidUntil: "2028-06-09"}
	for _, tc := range []struct {
		name     string
		extended bool
		consent  string
		kind     string
		field    string // the refused field, "" accepted
		want     bool
	}{
		{"ordinary 3-year cycle", false, "", "", "", false},
		{"6-year cycle with the consent", true, "北京市应急管理局 2022-06-01", "", "", true},
		{"6-year cycle without the consent", true, "  ", "", "extended_cycle_consent", false},
		{"a consent without the cycle", false, "北京市应急管理局", "", "extended_cycle_consent", false},
		{"a construction kind", true, "北京市住建委", "建筑架子工", "extended_cycle", false},
	} {
		in := welder
		in.ExtendedCycle, in.ExtendedCycleConsent = tc.extended, tc.consent
		if tc.kind != "" {
			in.Kind = tc.kind
		}
		c, errs := CheckCertificate(in, "")
		switch {
		case tc.field == "" && len(errs) > 0:
			t.Errorf("%s: refused %v", tc.name, errs)
		case tc.field != "" && (len(errs) != 1 || errs[0].Field != tc.field):
			t.Errorf("%s: %v, want one refusal of %s", tc.name, errs, tc.field)
		case tc.field == "" && c.ExtendedCycle != tc.want:
			t.Errorf("%s: extended cycle %v", tc.name, c.ExtendedCycle)
		}
	}
	fact := CertificateFact{Kind: "熔化焊接与热切割作业", ValidFrom: mustDate("2022-06-10"), ValidUntil: mustDate("2028-06-09")}
	if got := fact.standingOn(mustDate("2025-07-01")); got != CertReviewOverdue {
		t.Errorf("3-year cycle, past its review: %s", got)
	}
	fact.ExtendedCycle = true
	if got := fact.standingOn(mustDate("2025-07-01")); got != CertValid {
		t.Errorf("6-year cycle, past the 3-year date: %s", got)
	}
}
