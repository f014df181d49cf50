package ledger

import "testing"

func TestMaySeeKeyLabel(t *testing.T) {
	for _, c := range []struct {
		role             Role
		readerOrg, owner string
		want             bool
	}{
		{RoleInspector, "org_insp", "org_gc", true},
		{RoleAdmin, "", "org_gc", true},
		{RoleContractor, "org_gc", "org_gc", true},
		{RoleContractor, "org_gc", "org_insp", false},
		{RoleBank, "org_bank", "org_insp", false},
		{RoleContractor, "", "", false},
	} {
		if got := MaySeeKeyLabel(c.role, c.readerOrg, c.owner); got != c.want {
			t.Errorf("MaySeeKeyLabel(%s, %q, %q) = %v, want %v", c.role, c.readerOrg, c.owner, got, c.want)
		}
	}
}
