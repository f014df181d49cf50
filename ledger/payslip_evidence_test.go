package ledger

import "testing"

// TestDecideEvidenceAnswer: every bundle states the line's standing, as
// the approval counts do; the contractor's gives the printed link's reason
// alone and names no grant, the inspectors' each grant's answer.
func TestDecideEvidenceAnswer(t *testing.T) {
	printed := func(s ConfirmState, r string) LineConfirmation { return LineConfirmation{State: s, Reason: r} }
	cases := []struct {
		name       string
		f          EvidenceLineFacts
		inspectors bool
		want       EvidenceAnswer
	}{
		{"contractor, no direct link, printed dispute",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineDisputed}, PrintedReason: "少算两天"}, false,
			EvidenceAnswer{State: LineDisputed, Reason: "少算两天"}},
		{"contractor, paper signature, no answer",
			EvidenceLineFacts{Answers: LineAnswers{SignedOnPaper: true}}, false,
			EvidenceAnswer{State: LineConfirmed}},
		// The contractor's bundle agrees with the counts it reads: the
		// standing as it would be without any grant, with the printed
		// link's reason alone.
		{"contractor, worker disputes through the direct link, printed confirmed",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineConfirmed, Direct: LineDisputed, DirectGrant: true}, DirectReason: "老板代我确认的", DirectLink: true}, false,
			EvidenceAnswer{State: LineConfirmed}},
		{"contractor, both disputed: the printed link's reason",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineDisputed, Direct: LineDisputed, DirectGrant: true}, PrintedReason: "甲", DirectReason: "乙", DirectLink: true}, false,
			EvidenceAnswer{State: LineDisputed, Reason: "甲"}},
		{"contractor, printed copy confirmed after the direct grant",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineConfirmed, DirectGrant: true}, DirectLink: true}, false,
			EvidenceAnswer{State: LineConfirmed}},
		{"contractor, printed copy confirmed before the direct grant",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineConfirmed}, DirectLink: true}, false,
			EvidenceAnswer{State: LineConfirmed}},
		{"contractor, confirmed by the worker through their own link",
			EvidenceLineFacts{Answers: LineAnswers{Direct: LineConfirmed, DirectGrant: true}, DirectLink: true}, false,
			EvidenceAnswer{State: LineSilent}},
		{"contractor, paper signature after the direct grant",
			EvidenceLineFacts{Answers: LineAnswers{SignedOnPaper: true, PaperAfterGrant: true, DirectGrant: true}, DirectLink: true}, false,
			EvidenceAnswer{State: LineConfirmed}},
		{"inspectors, worker disputes through the direct link, printed confirmed",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineConfirmed, Direct: LineDisputed, DirectGrant: true}, DirectReason: "老板代我确认的", DirectLink: true}, true,
			EvidenceAnswer{State: LineDisputed, Reason: "老板代我确认的", Grants: true, DirectLink: true, Printed: printed(LineConfirmed, ""), Direct: printed(LineDisputed, "老板代我确认的")}},
		{"inspectors, printed copy confirmed after the direct grant",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineConfirmed, DirectGrant: true}, DirectLink: true}, true,
			EvidenceAnswer{State: LineSilent, EmployerCopy: true, Grants: true, DirectLink: true, Printed: printed(LineConfirmed, ""), Direct: printed(LineSilent, "")}},
		{"inspectors, printed confirmed before the direct grant",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineConfirmed}, DirectLink: true}, true,
			EvidenceAnswer{State: LineConfirmed, Grants: true, DirectLink: true, Printed: printed(LineConfirmed, ""), Direct: printed(LineSilent, "")}},
		{"inspectors, both disputed: the worker's own reason",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineDisputed, Direct: LineDisputed, DirectGrant: true}, PrintedReason: "甲", DirectReason: "乙", DirectLink: true}, true,
			EvidenceAnswer{State: LineDisputed, Reason: "乙", Grants: true, DirectLink: true, Printed: printed(LineDisputed, "甲"), Direct: printed(LineDisputed, "乙")}},
		{"inspectors, no direct link, printed dispute",
			EvidenceLineFacts{Answers: LineAnswers{Printed: LineDisputed}, PrintedReason: "少算两天"}, true,
			EvidenceAnswer{State: LineDisputed, Reason: "少算两天", Grants: true, Printed: printed(LineDisputed, "少算两天")}},
		{"inspectors, no answer, paper signature",
			EvidenceLineFacts{Answers: LineAnswers{SignedOnPaper: true}}, true,
			EvidenceAnswer{State: LineConfirmed, Grants: true, Printed: printed(LineSilent, "")}},
	}
	for _, c := range cases {
		if got := DecideEvidenceAnswer(c.f, c.inspectors); got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}
