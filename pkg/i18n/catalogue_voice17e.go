package i18n

// Issue 17's review: an extension after the deadline to conclude lapsed,
// the inspectors' revocation of a worker's direct payslip link, and the
// answers given through the employer's copy of a payslip link.
func init() {
	registerEN(map[string]string{
		"the deadline to conclude this complaint lapsed on %s: it can no longer be extended; conclude it": "该投诉的办结期限已于 %s 届满，不能再延期；请办结",
	})
}
