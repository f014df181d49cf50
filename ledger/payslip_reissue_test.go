package ledger

import (
	"testing"
	"time"
)

// A live link an inspector gave the worker is not revoked; any other is. A
// link not revoked is re-issued; a revoked one replaced since is not (the
// live one is named), a revoked one never replaced is.
func TestPayslipRevokeAndReissue(t *testing.T) {
	today, at := NewDate(2026, 3, 2), time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	live := PayslipToken{ID: "pst_1", EnrolmentID: "enr_1", ExpiresOn: NewDate(2026, 3, 31)}
	direct, expiredDirect, revoked := live, live, live
	direct.ID, direct.Direct = "pst_2", true
	expiredDirect.Direct, expiredDirect.ExpiresOn = true, NewDate(2026, 3, 1)
	revoked.RevokedAt = &at
	otherWorker := direct
	otherWorker.EnrolmentID = "enr_2"
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"revoke a contractor's link", CheckPayslipRevoke(live, today), ""},
		{"revoke the worker's link", CheckPayslipRevoke(direct, today), "payslip token pst_2 was re-issued by the labour inspectors straight to the worker: only they may revoke it"},
		{"revoke the worker's expired link", CheckPayslipRevoke(expiredDirect, today), ""},
		{"re-issue a live link", CheckPayslipReissue(live, []PayslipToken{live}), ""},
		{"re-issue a replaced link", CheckPayslipReissue(revoked, []PayslipToken{revoked, direct}), "payslip token pst_1 was replaced by pst_2: re-issue the live one"},
		{"re-issue a revoked link never replaced", CheckPayslipReissue(revoked, []PayslipToken{revoked, otherWorker}), ""},
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
