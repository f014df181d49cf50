package ledger

import (
	"testing"
	"time"
)

// A live link an inspector gave the worker is not revoked on the payroll's
// route; any other is. A re-issue gives the worker a direct link beside the
// contractor's, which it never touches: it replaces the worker's own live
// direct link when that is the one named, refuses while the worker holds
// one and another link is named (a form sent twice gives one link), and
// revokes an expired direct link it finds.
func TestPayslipRevokeAndReissue(t *testing.T) {
	today, at := NewDate(2026, 3, 2), time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	contractor := PayslipToken{ID: "pst_1", EnrolmentID: "enr_1", ExpiresOn: NewDate(2026, 3, 31)}
	direct, expiredDirect, revoked, revokedDirect := contractor, contractor, contractor, contractor
	direct.ID, direct.Direct = "pst_2", true
	expiredDirect.ID, expiredDirect.Direct, expiredDirect.ExpiresOn = "pst_3", true, NewDate(2026, 3, 1)
	revoked.RevokedAt = &at
	revokedDirect.ID, revokedDirect.Direct, revokedDirect.RevokedAt = "pst_4", true, &at
	otherWorker := direct
	otherWorker.ID, otherWorker.EnrolmentID = "pst_5", "enr_2"
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"revoke a contractor's link", CheckPayslipRevoke(contractor, today), ""},
		{"revoke the worker's link", CheckPayslipRevoke(direct, today), "payslip token pst_2 was re-issued by the labour inspectors straight to the worker: only they may revoke it"},
		{"revoke the worker's expired link", CheckPayslipRevoke(expiredDirect, today), ""},
	} {
		e, _ := c.err.(*Error)
		switch {
		case c.want == "" && c.err != nil:
			t.Errorf("%s: %v, want none", c.name, c.err)
		case c.want != "" && (e == nil || e.Code != EConflict || e.Message != c.want):
			t.Errorf("%s: %v, want %q", c.name, c.err, c.want)
		}
	}
	for _, c := range []struct {
		name    string
		old     PayslipToken
		links   []PayslipToken
		replace string
		want    string
	}{
		{"the contractor's live link, no direct one", contractor, []PayslipToken{contractor, otherWorker}, "", ""},
		{"the contractor's revoked link, no direct one", revoked, []PayslipToken{revoked, revokedDirect}, "", ""},
		{"the worker's live direct link", direct, []PayslipToken{contractor, direct}, "pst_2", ""},
		{"the contractor's link while the worker holds one", contractor, []PayslipToken{contractor, direct},
			"", "the worker of payslip token pst_1 holds pst_2, given to them by the labour inspectors: re-issue that one"},
		{"a replaced direct link", revokedDirect, []PayslipToken{contractor, revokedDirect, direct},
			"", "the worker of payslip token pst_4 holds pst_2, given to them by the labour inspectors: re-issue that one"},
		{"the contractor's link, the direct one expired", contractor, []PayslipToken{contractor, expiredDirect}, "pst_3", ""},
	} {
		replace, err := CheckPayslipReissue(c.old, c.links, today)
		got := ""
		if replace != nil {
			got = replace.ID
		}
		e, _ := err.(*Error)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v, want none", c.name, err)
		case c.want != "" && (e == nil || e.Code != EConflict || e.Message != c.want):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		case got != c.replace:
			t.Errorf("%s: replaces %q, want %q", c.name, got, c.replace)
		}
	}
}
