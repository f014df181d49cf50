package ledger

import (
	"testing"
	"time"
)

func TestDecideDirectRevoke(t *testing.T) {
	at := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	live := PayslipToken{ID: "pst_1", EnrolmentID: "enr_1", ExpiresOn: NewDate(2026, 3, 31), Direct: true}
	expired, revoked, contractor, contractorRevoked := live, live, live, live
	expired.ExpiresOn = NewDate(2026, 2, 1)
	revoked.RevokedAt = &at
	contractor.Direct = false
	contractorRevoked.Direct, contractorRevoked.RevokedAt = false, &at
	for _, c := range []struct {
		name   string
		t      PayslipToken
		revoke bool
		code   string
	}{
		{"the worker's live direct link", live, true, ""},
		{"the worker's expired direct link", expired, true, ""},
		{"revoked already: nothing changes", revoked, false, ""},
		{"the contractor's link", contractor, false, EConflict},
		{"the contractor's revoked link", contractorRevoked, false, EConflict},
	} {
		revoke, err := DecideDirectRevoke(c.t)
		if revoke != c.revoke || ErrorCode(err) != c.code && !(c.code == "" && err == nil) {
			t.Errorf("%s: revoke %v (%v), want %v %q", c.name, revoke, err, c.revoke, c.code)
		}
	}
}
