package ledger

import "testing"

// Guarantees one by one: a bank sees its own, a subcontractor none, the
// general contractor and everyone else all.
func TestSeesCover(t *testing.T) {
	for _, c := range []struct {
		name     string
		role     Role
		org, gc  string
		issuer   string
		wantSeen bool
	}{
		{"the issuing bank", RoleBank, "org_bank", "org_gc", "org_bank", true},
		{"another bank", RoleBank, "org_bank2", "org_gc", "org_bank", false},
		{"the general contractor", RoleContractor, "org_gc", "org_gc", "org_bank", true},
		{"a subcontractor", RoleContractor, "org_sub", "org_gc", "org_bank", false},
		{"an inspector", RoleInspector, "org_insp", "org_gc", "org_bank", true},
		{"an administrator", RoleAdmin, "", "org_gc", "org_bank", true},
	} {
		if got := SeesCover(c.role, c.org, c.gc, c.issuer); got != c.wantSeen {
			t.Errorf("%s: sees %v, want %v", c.name, got, c.wantSeen)
		}
	}
}
