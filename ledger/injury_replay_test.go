package ledger

import (
	"testing"
	"time"
)

// A policy number on record: the same content is a retry; other content a
// conflict. A retry of a policy voided since is a conflict; no voided one,
// a new recording.
func TestInjuryPolicyReplay(t *testing.T) {
	in := InjuryPolicyInput{ProjectID: "prj_1", Insurer: "房山区社保中心", PolicyNo: "GS-1", ValidFrom: mustDate("2026-01-01"), ValidUntil: mustDate("2026-12-31"),
		Basis: BasisHeadcount, Headcount: 40}
	other := in
	other.Headcount++
	voided := &InjuryPolicy{ID: "inj_1", VoidedAt: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"same content", CheckInjuryPolicyReplay(in, &InjuryPolicy{ContentHash: in.Fingerprint()}), ""},
		{"other content", CheckInjuryPolicyReplay(in, &InjuryPolicy{ContentHash: other.Fingerprint()}),
			`work-injury policy "GS-1" of 房山区社保中心 is already recorded for this project with different content: a renewal is a policy with its own number; to correct one recorded in error, void it and record it again`},
		{"none voided", CheckInjuryPolicyVoidedRetry(in, nil), ""},
		{"voided since", CheckInjuryPolicyVoidedRetry(in, voided),
			`work-injury policy "GS-1" of 房山区社保中心 was recorded with this content as inj_1 and voided on 2026-03-02: a retry of it is not recorded again; record the corrected policy`},
	} {
		e, _ := c.err.(*Error)
		switch {
		case c.want == "" && c.err != nil:
			t.Errorf("%s: %v, want none", c.name, c.err)
		case c.want != "" && (e == nil || e.Code != EConflict || e.Message != c.want):
			t.Errorf("%s: %v, want %q", c.name, c.err, c.want)
		}
	}
}
