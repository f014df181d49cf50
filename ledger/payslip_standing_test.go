package ledger

import "testing"

// What a line counts as in the approval, from what was said through each
// grant of the worker's link: once the inspectors gave the worker a link of
// their own, the printed link's confirmation is not the worker's; a dispute
// through either link always shows.
func TestDecideLineStanding(t *testing.T) {
	const (
		none = ConfirmState("")
		sil  = LineSilent
		conf = LineConfirmed
		disp = LineDisputed
	)
	for _, c := range []struct {
		name            string
		printed, direct ConfirmState
		grant, paper    bool
		misused         bool
		want            ConfirmState
		employerCopy    bool
	}{
		{"no answer, no grant", none, none, false, false, false, sil, false},
		{"signed on paper, no grant", none, none, false, true, false, conf, false},
		{"confirmed through the printed link, no grant", conf, none, false, false, false, conf, false},
		{"disputed through the printed link, no grant", disp, none, false, true, false, disp, false},
		{"confirmed through the printed link after a grant", conf, none, true, false, false, sil, true},
		{"confirmed through the printed link after a grant, signed on paper", conf, none, true, true, false, sil, true},
		{"confirmed through the printed link, silent through the direct one", conf, sil, true, false, false, sil, true},
		{"confirmed through the worker's own link", none, conf, true, false, false, conf, false},
		{"confirmed through both", conf, conf, true, false, false, conf, false},
		{"the worker disputes what the printed link confirmed", conf, disp, true, false, false, disp, false},
		{"the printed link disputes what the worker confirmed", disp, conf, true, false, false, disp, false},
		{"disputed through the printed link after a grant", disp, none, true, false, false, disp, false},
		{"disputed through both", disp, disp, true, false, false, disp, false},
		{"a grant, no answer", none, none, true, false, false, sil, false},
		{"a grant, signed on paper only", none, none, true, true, false, conf, false},
		// A revoked direct link's answers keep counting; one revoked as
		// misused confirms nothing, and its dispute still shows.
		{"confirmed through a link revoked as misused", none, conf, true, false, true, sil, false},
		{"confirmed through both, the direct link revoked as misused", conf, conf, true, false, true, sil, true},
		{"confirmed through a link revoked as misused, signed on paper", none, conf, true, true, true, conf, false},
		{"disputed through a link revoked as misused", conf, disp, true, false, true, disp, false},
		{"silent through a link revoked as misused", disp, sil, true, false, true, disp, false},
	} {
		got := DecideLineStanding(LineAnswers{Printed: c.printed, Direct: c.direct, DirectGrant: c.grant, SignedOnPaper: c.paper, DirectMisused: c.misused})
		if got.State != c.want || got.EmployerCopy != c.employerCopy {
			t.Errorf("%s: %+v, want %s (employer copy %v)", c.name, got, c.want, c.employerCopy)
		}
	}
	// The paper signature is read by the time of the payroll file, as the
	// printed link's answer is by its own.
	for _, c := range []struct {
		name                          string
		printed, direct               ConfirmState
		grant, paper, after           bool
		want                          ConfirmState
		employerCopy, direct0, shown0 bool
	}{
		{"signed on paper before the grant", none, none, true, true, false, conf, false, true, true},
		{"signed on paper after the grant", none, none, true, true, true, sil, true, false, true},
		{"signed on paper after the grant, confirmed by the worker", none, conf, true, true, true, conf, false, false, true},
		{"signed on paper after the grant, disputed through the printed link", disp, none, true, true, true, disp, false, false, true},
		{"signed on paper after the grant, the printed link confirmed too", conf, none, true, true, true, sil, true, false, true},
		{"not signed, after the grant", none, none, true, false, true, sil, false, false, false},
	} {
		got := DecideLineStanding(LineAnswers{Printed: c.printed, Direct: c.direct, DirectGrant: c.grant, SignedOnPaper: c.paper, PaperAfterGrant: c.after})
		if got.State != c.want || got.EmployerCopy != c.employerCopy {
			t.Errorf("%s: %+v, want %s (employer copy %v)", c.name, got, c.want, c.employerCopy)
		}
		if PaperSignatureShown(c.paper, c.after, true) != c.direct0 || PaperSignatureShown(c.paper, c.after, false) != c.shown0 {
			t.Errorf("%s: the pages show the paper signature: own link %v, printed %v", c.name, PaperSignatureShown(c.paper, c.after, true), PaperSignatureShown(c.paper, c.after, false))
		}
	}
	var n ConfirmationCounts
	n.AddStanding(LineStanding{State: LineSilent, EmployerCopy: true}, 2)
	n.AddStanding(LineStanding{State: LineConfirmed}, 3)
	n.AddStanding(LineStanding{State: LineDisputed}, 1)
	if n != (ConfirmationCounts{Lines: 6, Confirmed: 3, Disputed: 1, Silent: 2, EmployerCopy: 2}) {
		t.Errorf("counts: %+v", n)
	}
	if _, err := ApprovalGate(n, true); ErrorCode(err) != EConflict {
		t.Errorf("lines confirmed through the printed link alone do not block: %v", err)
	}
}

// TestDecideStandingFor: the inspectors read the true standing; the
// employer, and the approval gate it sees, the standing as it would be
// without any grant (LSIR Art. 9).
func TestDecideStandingFor(t *testing.T) {
	for _, c := range []struct {
		name              string
		a                 LineAnswers
		employer          LineStanding
		inspectors        LineStanding
		gateWarnsEmployer bool
	}{
		{"printed copy confirmed after a grant", LineAnswers{Printed: LineConfirmed, DirectGrant: true},
			LineStanding{State: LineConfirmed}, LineStanding{State: LineSilent, EmployerCopy: true}, false},
		{"paper signature after a grant", LineAnswers{SignedOnPaper: true, PaperAfterGrant: true, DirectGrant: true},
			LineStanding{State: LineConfirmed}, LineStanding{State: LineSilent, EmployerCopy: true}, false},
		{"the worker disputes through their own link", LineAnswers{Printed: LineConfirmed, Direct: LineDisputed, DirectGrant: true},
			LineStanding{State: LineConfirmed}, LineStanding{State: LineDisputed}, false},
		{"the worker confirms through their own link alone", LineAnswers{Direct: LineConfirmed, DirectGrant: true},
			LineStanding{State: LineSilent}, LineStanding{State: LineConfirmed}, true},
		{"a misused link confirmed, the printed copy disputed", LineAnswers{Printed: LineDisputed, Direct: LineConfirmed, DirectGrant: true, DirectMisused: true},
			LineStanding{State: LineDisputed}, LineStanding{State: LineDisputed}, true},
		{"no grant, printed copy confirmed", LineAnswers{Printed: LineConfirmed},
			LineStanding{State: LineConfirmed}, LineStanding{State: LineConfirmed}, false},
		{"no grant, nothing said", LineAnswers{},
			LineStanding{State: LineSilent}, LineStanding{State: LineSilent}, true},
	} {
		if got := DecideStandingFor(c.a, ReadAsEmployer); got != c.employer {
			t.Errorf("%s: the employer reads %+v, want %+v", c.name, got, c.employer)
		}
		if got := DecideStandingFor(c.a, ReadAsInspectors); got != c.inspectors {
			t.Errorf("%s: the inspectors read %+v, want %+v", c.name, got, c.inspectors)
		}
		var n ConfirmationCounts
		n.AddStanding(DecideStandingFor(c.a, ReadAsEmployer), 1)
		if warn, _ := ApprovalGate(n, false); (len(warn) > 0) != c.gateWarnsEmployer {
			t.Errorf("%s: the gate the employer sees warns %q", c.name, warn)
		}
	}
	// Every combination of what the grant adds leaves the employer's view
	// as it is without the grant.
	states := []ConfirmState{"", LineSilent, LineConfirmed, LineDisputed}
	for _, printed := range states {
		for _, paper := range []bool{false, true} {
			bare := DecideStandingFor(LineAnswers{Printed: printed, SignedOnPaper: paper}, ReadAsEmployer)
			for _, direct := range states {
				for bits := range 8 {
					a := LineAnswers{Printed: printed, SignedOnPaper: paper, Direct: direct,
						DirectGrant: bits&1 != 0, DirectMisused: bits&2 != 0, PaperAfterGrant: bits&4 != 0}
					if got := DecideStandingFor(a, ReadAsEmployer); got != bare {
						t.Errorf("%+v: the employer reads %+v, without the grant %+v", a, got, bare)
					}
				}
			}
		}
	}
}
