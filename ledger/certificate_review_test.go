package ledger

import (
	"strings"
	"testing"
)

func TestCertificateReviewCycle(t *testing.T) {
	d := mustDate
	welder := CheckedCertificate{Kind: "熔化焊接与热切割作业", ValidFrom: d("2023-05-10"), ValidUntil: d("2029-05-09")}
	noFrom := CheckedCertificate{Kind: "电工作业", ValidUntil: d("2029-05-09")}
	scaffold := CheckedCertificate{Kind: "建筑架子工", ValidFrom: d("2025-03-01"), ValidUntil: d("2027-02-28")}
	welderLong := welder
	welderLong.ExtendedCycle = true
	reprinted := CheckedCertificate{Kind: "建筑架子工", ValidFrom: d("2022-01-01"), ValidUntil: d("2026-12-31")}
	for _, tc := range []struct {
		name       string
		cert       CheckedCertificate
		lastReview string
		on         string
		want       CertificateStanding
		reviewBy   string
	}{
		{"3-year kind, before its review date", welder, "", "2026-05-09", CertValid, "2026-05-09"},
		{"3-year kind, the day after its review date, no review", welder, "", "2026-05-10", CertReviewOverdue, "2026-05-09"},
		// 总局令第30号 第二十一条: due dates run from the issue, not from the
		// day of the review (the reviewer's case: reviewed 2026-03-20, 50
		// days early, still valid on 2029-04-01).
		{"3-year kind reviewed early in its window: next due 6 years from issue", welder, "2026-03-20", "2029-04-01", CertValid, "2029-05-09"},
		{"3-year kind reviewed: due date from the issue, not the review", welder, "2026-04-20", "2029-05-09", CertValid, "2029-05-09"},
		{"3-year kind reviewed never extends the printed validity", welder, "2026-04-20", "2029-05-10", CertExpired, "2029-05-09"},
		{"10+ years in the trade: reviewed every 6 years", welderLong, "", "2026-06-01", CertValid, "2029-05-09"},
		{"no valid_from: issued 6 years before valid_until", noFrom, "", "2026-05-09", CertValid, "2026-05-09"},
		{"no valid_from, past the review read back", noFrom, "", "2026-06-01", CertReviewOverdue, "2026-05-09"},
		{"2-year construction kind, its last day", scaffold, "", "2027-02-28", CertValid, "2027-02-28"},
		{"2-year construction kind, unreviewed: expired", scaffold, "", "2027-03-01", CertExpired, "2027-02-28"},
		// 建质〔2008〕75号 第二十二条: extended 2 years from the previous
		// expiry, not from the review's date.
		{"construction kind reviewed: 2 years from the previous expiry", scaffold, "2026-12-15", "2029-02-28", CertValid, "2029-02-28"},
		{"construction kind reviewed, past the extension", scaffold, "2026-12-15", "2029-03-01", CertExpired, "2029-02-28"},
		{"construction kind reviewed twice (last only recorded)", scaffold, "2029-01-10", "2031-02-28", CertValid, "2031-02-28"},
		{"construction card extended and reprinted: trusted as printed", reprinted, "", "2025-06-01", CertValid, "2026-12-31"},
		{"not valid yet", welder, "", "2023-05-09", CertNotYetValid, "2026-05-09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var last Date
			if tc.lastReview != "" {
				last = d(tc.lastReview)
			}
			if got := StandingOn(tc.cert, last, d(tc.on)); got != tc.want {
				t.Errorf("StandingOn = %s, want %s", got, tc.want)
			}
			if got := ReviewOf(tc.cert, last).ReviewBy; got != d(tc.reviewBy) {
				t.Errorf("ReviewBy = %s, want %s", got, tc.reviewBy)
			}
		})
	}
	if s := CertificateSchemeOf("高处作业吊篮安装拆卸工"); s.ReviewYears != 2 {
		t.Errorf("吊篮 kind: %+v, want the 2-year construction scheme", s)
	}
	if s := CertificateSchemeOf("建筑施工企业管理人员"); s.ReviewYears != 3 {
		t.Errorf("a kind naming 建筑 outside 75号 第三条: %+v, want the 3-year scheme (the kind table, not a substring)", s)
	}
	if s := CertificateSchemeOf("登高架设作业"); s.ReviewYears != 3 {
		t.Errorf("登高架设作业: %+v, want the 3-year scheme", s)
	}
}

func TestCheckCertificateReview(t *testing.T) {
	d := mustDate
	welder := CheckedCertificate{Kind: "熔化焊接与热切割作业", ValidFrom: d("2023-05-10"), ValidUntil: d("2029-05-09")}
	today := d("2026-06-01")
	for _, tc := range []struct {
		name, last, on, code string
	}{
		{"on time", "", "2026-04-20", ""},
		{"60 days before it is due", "", "2026-03-10", ""},
		{"61 days before it is due", "", "2026-03-09", "too_early"},
		{"the day after issue", "", "2023-05-11", "too_early"},
		{"its last day", "", "2026-05-09", ""},
		{"missing", "", "", "required"},
		{"in the future", "", "2026-06-02", "future"},
		{"before the certificate", "", "2023-05-01", "before_issue"},
		{"after it lapsed", "", "2026-05-10", "lapsed"},
		{"not after the last review", "2026-04-20", "2026-04-20", "not_after_last"},
		{"the next review years early", "2026-04-20", "2026-05-01", "too_early"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var last, on Date
			if tc.last != "" {
				last = d(tc.last)
			}
			if tc.on != "" {
				on = d(tc.on)
			}
			err := CheckCertificateReview(welder, last, on, today)
			switch {
			case tc.code == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.code != "" && err == nil:
				t.Fatalf("accepted, want %s", tc.code)
			case tc.code != "":
				fields := ErrorFields(err)
				if len(fields) != 1 || fields[0].Field != "reviewed_on" || !strings.Contains(string(fields[0].Code), tc.code) {
					t.Fatalf("fields %+v, want reviewed_on %s", fields, tc.code)
				}
			}
		})
	}
}

func TestCheckConstructionReviewWindow(t *testing.T) {
	d := mustDate
	scaffold := CheckedCertificate{Kind: "建筑架子工", ValidFrom: d("2025-03-01"), ValidUntil: d("2027-02-28")}
	for _, tc := range []struct{ on, code string }{
		{"2026-12-15", ""},
		{"2026-11-28", ""},
		{"2026-11-27", "too_early"},
		{"2025-03-02", "too_early"},
		{"2027-03-01", "lapsed"},
	} {
		err := CheckCertificateReview(scaffold, Date{}, d(tc.on), d("2027-06-01"))
		switch fields := ErrorFields(err); {
		case tc.code == "" && err != nil:
			t.Errorf("%s refused: %v", tc.on, err)
		case tc.code != "" && (len(fields) != 1 || fields[0].Field != "reviewed_on" || string(fields[0].Code) != tc.code):
			t.Errorf("%s: fields %+v, want reviewed_on %s", tc.on, fields, tc.code)
		}
	}
}
