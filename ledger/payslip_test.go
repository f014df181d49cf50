package ledger

import (
	"strings"
	"testing"
	"time"
)

func TestPayslipTokenState(t *testing.T) {
	now := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	live := PayslipToken{ExpiresOn: MustDate("2026-12-31")}
	revoked := live
	revoked.RevokedAt = &now
	for _, tc := range []struct {
		name  string
		tok   PayslipToken
		today string
		want  TokenState
	}{
		{"live", live, "2026-10-01", TokenLive},
		{"its last day", live, "2026-12-31", TokenLive},
		{"the day after", live, "2027-01-01", TokenExpired},
		{"revoked", revoked, "2026-10-01", TokenRevoked},
		{"revoked and expired", revoked, "2027-06-01", TokenRevoked},
	} {
		if got := tc.tok.StateOn(MustDate(tc.today)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
		err := CheckPayslipToken(tc.tok, MustDate(tc.today))
		if (tc.want == TokenLive) != (err == nil) || (err != nil && ErrorCode(err) != ENotFound) {
			t.Errorf("%s: check %v", tc.name, err)
		}
	}
	if PayslipExpiry(MustDate("2026-10-01"), 365).String() != "2027-10-01" {
		t.Error("PayslipExpiry")
	}
}

func TestDecideLineConfirmation(t *testing.T) {
	silent := LineConfirmation{}
	confirmed := LineConfirmation{State: LineConfirmed}
	disputed := LineConfirmation{State: LineDisputed, Reason: "少算两天"}
	for _, tc := range []struct {
		name    string
		cur     LineConfirmation
		action  ConfirmAction
		reason  string
		status  PayrollStatus
		want    ConfirmState
		changed bool
		code    string
		direct  bool // through the worker's own link
	}{
		{"confirm a silent line", silent, ActionConfirmLine, "", PayrollSubmitted, LineConfirmed, true, "", false},
		{"confirm again", confirmed, ActionConfirmLine, "", PayrollSubmitted, LineConfirmed, false, "", false},
		{"confirm after approval", silent, ActionConfirmLine, "", PayrollApproved, LineConfirmed, true, "", false},
		{"dispute a silent line", silent, ActionDisputeLine, "少算两天", PayrollSubmitted, LineDisputed, true, "", false},
		{"dispute again, same reason", disputed, ActionDisputeLine, " 少算两天 ", PayrollSubmitted, LineDisputed, false, "", false},
		{"dispute again, another reason", disputed, ActionDisputeLine, "另一个", PayrollSubmitted, "", false, EConflict, false},
		{"dispute needs a reason", silent, ActionDisputeLine, "  ", PayrollSubmitted, "", false, EInvalid, false},
		{"dispute a confirmed line before approval", confirmed, ActionDisputeLine, "看错了", PayrollSubmitted, LineDisputed, true, "", false},
		{"dispute a confirmed line after approval", confirmed, ActionDisputeLine, "看错了", PayrollApproved, "", false, EConflict, false},
		{"a dispute through the printed link stands, submitted", disputed, ActionConfirmLine, "", PayrollSubmitted, "", false, EConflict, false},
		{"a dispute through the printed link stands, approved", disputed, ActionConfirmLine, "", PayrollApproved, "", false, EConflict, false},
		{"the worker withdraws their own dispute", disputed, ActionConfirmLine, "", PayrollApproved, LineConfirmed, true, "", true},
		{"the worker withdraws their own dispute before approval", disputed, ActionConfirmLine, "", PayrollSubmitted, LineConfirmed, true, "", true},
		{"confirm through the worker's own link", silent, ActionConfirmLine, "", PayrollSubmitted, LineConfirmed, true, "", true},
		{"dispute through the worker's own link", confirmed, ActionDisputeLine, "老板代我确认的", PayrollSubmitted, LineDisputed, true, "", true},
		{"a rejected payroll", silent, ActionConfirmLine, "", PayrollRejected, "", false, EConflict, false},
		{"a superseded payroll", silent, ActionDisputeLine, "x", PayrollSuperseded, "", false, EConflict, false},
		{"an unknown action", silent, "sign", "", PayrollSubmitted, "", false, EInvalid, false},
		{"a control character", silent, ActionDisputeLine, "a\x00b", PayrollSubmitted, "", false, EInvalid, false},
	} {
		got, changed, err := DecideLineConfirmation(tc.cur, tc.action, tc.reason, tc.status, 3, tc.direct)
		if tc.code != "" {
			if ErrorCode(err) != tc.code || changed {
				t.Errorf("%s: %v changed=%v, want %s", tc.name, err, changed, tc.code)
			}
			if tc.action == ActionConfirmLine && tc.cur.State == LineDisputed && !strings.Contains(err.Error(), "line 3 ") {
				t.Errorf("%s: the refusal does not name the line: %v", tc.name, err)
			}
			continue
		}
		if err != nil || got.State != tc.want || changed != tc.changed {
			t.Errorf("%s: %+v changed=%v err=%v, want %s changed=%v", tc.name, got, changed, err, tc.want, tc.changed)
		}
	}
}

func TestLineConfirmationOf(t *testing.T) {
	for _, tc := range []struct {
		e     ConfirmState
		paper bool
		want  ConfirmState
	}{
		{"", false, LineSilent}, {"", true, LineConfirmed}, {LineSilent, true, LineConfirmed},
		{LineDisputed, true, LineDisputed}, {LineConfirmed, false, LineConfirmed},
	} {
		if got := LineConfirmationOf(tc.e, tc.paper); got != tc.want {
			t.Errorf("LineConfirmationOf(%q, %v) = %s, want %s", tc.e, tc.paper, got, tc.want)
		}
	}
}

func TestApprovalGate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		c      ConfirmationCounts
		block  bool
		warns  int
		refuse bool
	}{
		{"all confirmed", ConfirmationCounts{Lines: 3, Confirmed: 3}, true, 0, false},
		{"silent lines warn", ConfirmationCounts{Lines: 3, Confirmed: 1, Silent: 2}, false, 1, false},
		{"silent lines block", ConfirmationCounts{Lines: 3, Confirmed: 1, Silent: 2}, true, 1, true},
		{"disputed always shown", ConfirmationCounts{Lines: 3, Confirmed: 2, Disputed: 1}, false, 1, false},
		{"disputed block", ConfirmationCounts{Lines: 3, Confirmed: 2, Disputed: 1}, true, 1, true},
		{"both", ConfirmationCounts{Lines: 3, Confirmed: 1, Disputed: 1, Silent: 1}, false, 2, false},
	} {
		warn, err := ApprovalGate(tc.c, tc.block)
		if len(warn) != tc.warns || (err != nil) != tc.refuse || (err != nil && ErrorCode(err) != EConflict) {
			t.Errorf("%s: warnings %v, err %v", tc.name, warn, err)
		}
	}
}
