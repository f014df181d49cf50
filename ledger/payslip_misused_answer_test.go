package ledger

import "testing"

// TestAnswerThroughGrant: an answer through a direct link revoked as
// misused neither shows nor blocks the worker's answer through the link
// that replaced it; one through a link that was not misused does.
func TestAnswerThroughGrant(t *testing.T) {
	confirmed := LineConfirmation{State: LineConfirmed}
	disputed := LineConfirmation{State: LineDisputed, Reason: "少算两天"}
	for _, tc := range []struct {
		name    string
		cur     LineConfirmation
		misused bool
		action  ConfirmAction
		reason  string
		status  PayrollStatus
		shown   ConfirmState
		want    ConfirmState
		changed bool
		code    string
	}{
		{"the worker's confirmation, confirmed again", confirmed, false, ActionConfirmLine, "", PayrollSubmitted, LineConfirmed, LineConfirmed, false, ""},
		{"a misuser's confirmation, the worker confirms", confirmed, true, ActionConfirmLine, "", PayrollSubmitted, LineSilent, LineConfirmed, true, ""},
		{"the worker's confirmation, approved, a dispute", confirmed, false, ActionDisputeLine, "少算一天", PayrollApproved, LineConfirmed, "", false, EConflict},
		{"a misuser's confirmation, approved, the worker disputes", confirmed, true, ActionDisputeLine, "少算一天", PayrollApproved, LineSilent, LineDisputed, true, ""},
		{"the worker's dispute, another reason", disputed, false, ActionDisputeLine, "另一个", PayrollSubmitted, LineDisputed, "", false, EConflict},
		{"a misuser's dispute, the worker disputes with a reason of their own", disputed, true, ActionDisputeLine, "另一个", PayrollSubmitted, LineSilent, LineDisputed, true, ""},
		{"nothing said, misused or not", LineConfirmation{}, true, ActionConfirmLine, "", PayrollSubmitted, LineSilent, LineConfirmed, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur := AnswerThroughGrant(tc.cur, tc.misused)
			if shown := LineConfirmationOf(cur.State, false); shown != tc.shown {
				t.Errorf("shown %q, want %q", shown, tc.shown)
			}
			if tc.misused && cur.Reason != "" {
				t.Errorf("a misused link's reason %q shows", cur.Reason)
			}
			next, changed, err := DecideLineConfirmation(cur, tc.action, tc.reason, tc.status, 3, true)
			if tc.code != "" {
				if ErrorCode(err) != tc.code {
					t.Fatalf("err %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil || next.State != tc.want || changed != tc.changed {
				t.Errorf("got %+v %v %v, want %s changed=%v", next, changed, err, tc.want, tc.changed)
			}
		})
	}
}
