package evidence

import (
	"crypto/ed25519"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/i18n"
)

// The inspectors' statement (lines with Grants) states each line's
// standing and both links' answers with their reasons, in the PDF and the
// CSV; a statement without them (the contractor's) has neither the section
// nor the rows.
func TestStatementStatesEachLinksAnswer(t *testing.T) {
	f := font(t)
	_, key, _ := ed25519.GenerateKey(nil)
	files := func(st Statement) map[string][]byte {
		t.Helper()
		b, err := Build(st, nil, key, 1, f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := readFiles(b)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	st := sample()
	l := st.Lines[0]
	l.Answer, l.AnswerReason = "disputed", "老板代我确认的"
	l.Grants = &Grants{Printed: "confirmed", Direct: "disputed", DirectReason: "老板代我确认的", DirectLink: true}
	copied := st.Lines[0]
	copied.LineNo, copied.Answer, copied.AnswerReason, copied.EmployerCopy = 2, "silent", "", true
	copied.Grants = &Grants{Printed: "confirmed", Direct: "silent", DirectLink: true}
	st.Lines = []Line{l, copied}
	got := files(st)
	text := pdfText(t, got[FilePDF])
	for _, want := range []string{i18n.T(i18n.ZH, "evidence.section.grants"), i18n.T(i18n.ZH, "evidence.grant.direct"),
		i18n.T(i18n.ZH, "worker.state.disputed", "老板代我确认的"), i18n.T(i18n.ZH, "evidence.employer_copy")} {
		if !strings.Contains(text, want) {
			t.Errorf("the inspectors' statement does not say %q:\n%s", want, text)
		}
	}
	csv := string(got[FileCSV])
	for _, want := range []string{"pay_x#1,net_pay,5500.00,failed,disputed 老板代我确认的\r\n", "pay_x#1,answer_printed_link,,confirmed,\r\n",
		"pay_x#1,answer_own_link,,disputed,老板代我确认的\r\n", "pay_x#2,net_pay,5500.00,failed,silent employer_copy\r\n"} {
		if !strings.Contains(csv, want) {
			t.Errorf("the inspectors' CSV lacks %q:\n%s", want, csv)
		}
	}

	plain := files(sample())
	if text := pdfText(t, plain[FilePDF]); strings.Contains(text, i18n.T(i18n.ZH, "evidence.section.grants")) || strings.Contains(text, i18n.T(i18n.ZH, "evidence.grant.direct")) {
		t.Errorf("the contractor's statement names the links:\n%s", text)
	}
	if csv := string(plain[FileCSV]); strings.Contains(csv, "answer_") || strings.Contains(csv, "employer_copy") {
		t.Errorf("the contractor's CSV names the links:\n%s", csv)
	}
}
