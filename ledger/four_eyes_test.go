package ledger

import (
	"strings"
	"testing"
)

// Four-eyes: the employer submits, the general contractor's wage officer
// approves. The approver is never the submitting key, nor another key of the
// organisation that submitted — except the GC's own payroll, which its own
// wage officer approves with another of its keys — unless the payroll is
// within the policy's small-contractor exemption.
func TestCheckFourEyes(t *testing.T) {
	const gc, sub = "org_gc", "org_sub"
	payOf := func(employer string, lines int) *Payroll {
		return &Payroll{ID: "pay_1", EmployerID: employer, Totals: Totals{Lines: lines}}
	}
	gcClerk, gcOfficer := KeyHolder{"key_gc1", gc}, KeyHolder{"key_gc2", gc}
	subClerk, subSecond := KeyHolder{"key_sub1", sub}, KeyHolder{"key_sub2", sub}
	admin := KeyHolder{Key: "key_admin"}
	for _, tc := range []struct {
		name                string
		pay                 *Payroll
		submitter, approver KeyHolder
		exempt              int
		refused             string // what the refusal says; "" when allowed
	}{
		{"the sub submits, the GC's officer approves", payOf(sub, 5), subClerk, gcOfficer, 0, ""},
		{"the GC's own payroll, its officer approves", payOf(gc, 5), gcClerk, gcOfficer, 0, ""},
		{"the GC's own payroll, the same key", payOf(gc, 5), gcClerk, gcClerk, 0, "submitted with this API key: another person"},
		{"the sub's payroll, the same key", payOf(sub, 5), subClerk, subClerk, 0, "submitted with this API key"},
		{"the sub's second key approves its own", payOf(sub, 5), subClerk, subSecond, 0, "submitted by your organisation"},
		{"the GC wrote the sub's payroll and approves it with a second key", payOf(sub, 5), gcClerk, gcOfficer, 0, "submitted by your organisation"},
		{"the GC wrote the sub's payroll, an administrator approves", payOf(sub, 5), gcClerk, admin, 0, ""},
		{"the GC's advance to the sub's workers, its officer approves", &Payroll{ID: "pay_2", EmployerID: sub, PayerID: gc, Totals: Totals{Lines: 5}}, gcClerk, gcOfficer, 0, ""},
		{"a submitter no key names (the command line)", payOf(sub, 5), KeyHolder{Key: "cli"}, gcOfficer, 0, ""},
		{"same key within the exemption", payOf(gc, 1), gcClerk, gcClerk, 1, ""},
		{"same key over the exemption", payOf(gc, 2), gcClerk, gcClerk, 1, "at most 1"},
		{"the sub's second key within the exemption", payOf(sub, 1), subClerk, subSecond, 1, ""},
		{"the sub's second key over the exemption", payOf(sub, 3), subClerk, subSecond, 2, "submitted by your organisation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckFourEyes(tc.pay, tc.submitter, tc.approver, gc, tc.exempt)
			switch {
			case tc.refused == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.refused != "" && (ErrorCode(err) != EForbidden || !strings.Contains(err.Error(), tc.refused)):
				t.Fatalf("got %v, want a refusal saying %q", err, tc.refused)
			}
		})
	}
}
