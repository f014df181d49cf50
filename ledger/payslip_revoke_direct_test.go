package ledger

import (
	"testing"
	"time"
)

func TestDecideDirectRevoke(t *testing.T) {
	at := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	live := PayslipToken{ID: "pst_1", EnrolmentID: "enr_1", ExpiresOn: NewDate(2026, 3, 31), Direct: true}
	expired, revoked, contractor, contractorRevoked, misused := live, live, live, live, live
	misused.RevokedAt, misused.Misused = &at, true
	expired.ExpiresOn = NewDate(2026, 2, 1)
	revoked.RevokedAt = &at
	contractor.Direct = false
	contractorRevoked.Direct, contractorRevoked.RevokedAt = false, &at
	for _, c := range []struct {
		name    string
		t       PayslipToken
		misused bool
		want    DirectRevocation
		code    string
	}{
		{"the worker's live direct link", live, false, DirectRevocation{Revoke: true}, ""},
		{"the worker's expired direct link", expired, false, DirectRevocation{Revoke: true}, ""},
		{"revoked already: nothing changes", revoked, false, DirectRevocation{}, ""},
		{"the live link, misused", live, true, DirectRevocation{Revoke: true, MarkMisused: true}, ""},
		{"revoked already, found misused since", revoked, true, DirectRevocation{MarkMisused: true}, ""},
		{"marked misused already: nothing changes", misused, true, DirectRevocation{}, ""},
		{"a mark is not taken back", misused, false, DirectRevocation{}, ""},
		{"the contractor's link", contractor, false, DirectRevocation{}, EConflict},
		{"the contractor's link, misused", contractor, true, DirectRevocation{}, EConflict},
		{"the contractor's revoked link", contractorRevoked, false, DirectRevocation{}, EConflict},
	} {
		got, err := DecideDirectRevoke(c.t, c.misused)
		if got != c.want || got.Changes() != (c.want.Revoke || c.want.MarkMisused) || ErrorCode(err) != c.code && !(c.code == "" && err == nil) {
			t.Errorf("%s: %+v (%v), want %+v %q", c.name, got, err, c.want, c.code)
		}
	}
}
