package ledger

import (
	"strings"
	"testing"
)

// TestSharedCertificateWarningNamesOnlyWhatTheViewerMayRead: a holder in a
// project of another general contractor, employed by another contractor,
// is "another person" to a general contractor and to a subcontractor; an
// inspector is told who.
func TestSharedCertificateWarningNamesOnlyWhatTheViewerMayRead(t *testing.T) {
	holders := []CertificateHolder{
		{ProjectCode: "P-OWN", EnrolmentID: "enr_own_sub", WorkerID: "wkr_1", EmployerID: "org_sub", GeneralContractorID: "org_gc"},
		{ProjectCode: "P-OTHER", EnrolmentID: "enr_other", WorkerID: "wkr_2", EmployerID: "org_x", GeneralContractorID: "org_gc2"},
	}
	for _, tc := range []struct {
		name         string
		viewer       CertificateViewer
		named, notIn string
		another      bool
	}{
		{"general contractor", CertificateViewerOf(RoleContractor, "org_gc"), "enr_own_sub", "enr_other", true},
		{"subcontractor", CertificateViewerOf(RoleContractor, "org_sub"), "enr_own_sub", "enr_other", true},
		{"another subcontractor", CertificateViewerOf(RoleContractor, "org_sub2"), "", "enr_own_sub", true},
		{"inspector", CertificateViewerOf(RoleInspector, "org_insp"), "enr_other", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := SharedCertificateWarning(holders, "wkr_9", tc.viewer, nil).String()
			if tc.named != "" && !strings.Contains(w, tc.named) {
				t.Errorf("%q does not name %s", w, tc.named)
			}
			if tc.notIn != "" && strings.Contains(w, tc.notIn) {
				t.Errorf("%q names %s, in a project the viewer may not read", w, tc.notIn)
			}
			if strings.Contains(w, "P-OTHER") && !tc.viewer.All {
				t.Errorf("%q names the other project", w)
			}
			if got := strings.Contains(w, "another person"); got != tc.another {
				t.Errorf("%q: another person %v, want %v", w, got, tc.another)
			}
		})
	}
}
