package ledger

import "testing"

// SharedWithOthers counts the other people holding a certificate number:
// never the enrolment's own person (in this project or another), each
// other person once however many enrolments they hold it on.
func TestSharedWithOthers(t *testing.T) {
	h := func(enrolment, worker string) CertificateHolder {
		return CertificateHolder{ProjectCode: "P-" + enrolment, EnrolmentID: enrolment, WorkerID: worker}
	}
	for _, tc := range []struct {
		name      string
		holders   []CertificateHolder
		enrolment string
		want      int
	}{
		{"no holders (no number)", nil, "enr_a", 0},
		{"only the enrolment itself", []CertificateHolder{h("enr_a", "wkr_1")}, "enr_a", 0},
		{"the same person on another project", []CertificateHolder{h("enr_a", "wkr_1"), h("enr_b", "wkr_1")}, "enr_a", 0},
		{"one other person", []CertificateHolder{h("enr_a", "wkr_1"), h("enr_b", "wkr_2")}, "enr_a", 1},
		{"another person on two projects counts once", []CertificateHolder{h("enr_a", "wkr_1"), h("enr_b", "wkr_2"), h("enr_c", "wkr_2")}, "enr_a", 1},
		{"own second enrolment and two others", []CertificateHolder{h("enr_b", "wkr_2"), h("enr_a", "wkr_1"), h("enr_d", "wkr_1"),
			h("enr_c", "wkr_3")}, "enr_a", 2},
		{"the same holders seen from the other person", []CertificateHolder{h("enr_b", "wkr_2"), h("enr_a", "wkr_1"), h("enr_d", "wkr_1"),
			h("enr_c", "wkr_3")}, "enr_b", 2},
		{"the enrolment not (yet) among the holders: all of them are others", []CertificateHolder{h("enr_b", "wkr_2"), h("enr_c", "wkr_3")}, "enr_a", 2},
	} {
		if got := SharedWithOthers(tc.holders, tc.enrolment); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
