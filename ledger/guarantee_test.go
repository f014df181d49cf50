package ledger

import (
	"strings"
	"testing"
)

// TestShortInstrumentWarnings: a letter's validity counts both its first and
// its last day, and a renewal is judged on the contract that remains from
// its own start.
func TestShortInstrumentWarnings(t *testing.T) {
	project := &Project{Code: "P", StartedOn: NewDate(2026, 3, 1), PlannedCompletionOn: NewDate(2027, 6, 30), Status: ProjectActive}
	facts := LodgingFacts{Project: project, IssuerKind: OrgBank, MinMonths: 12, Today: NewDate(2026, 3, 1)}
	cases := []struct {
		name, from, until string
		want              string // warning codes, comma-separated
	}{
		{"the whole contract", "2026-03-01", "2027-06-30", ""},
		{"a year written with an inclusive end, over a short contract", "2026-03-01", "2027-02-28", "shorter_than_contract"},
		{"a day short of a year", "2026-03-01", "2027-02-27", "shorter_than_a_year,shorter_than_contract"},
		{"a renewal starting after the project, to its completion", "2026-09-01", "2027-08-31", ""},
		{"a renewal to the very completion day, over a year", "2026-06-30", "2027-06-30", ""},
		{"a renewal ending before completion", "2026-05-01", "2027-05-31", "shorter_than_contract"},
		{"a renewal covering the rest but under a year", "2027-01-01", "2027-06-30", "shorter_than_a_year"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			until := mustDate(c.until)
			in := GuaranteeInput{ProjectID: "p", Form: FormBankLetter, Amount: MustMoney("1000.00"), IssuerID: "b", Reference: "BG",
				ValidFrom: mustDate(c.from), ValidUntil: &until}
			ws, err := DecideLodging(in, facts)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, w := range ws {
				codes = append(codes, string(w.Code))
				if !strings.Contains(w.Message.String(), c.until) {
					t.Errorf("warning does not name the letter's end: %s", w.Message)
				}
			}
			if got := strings.Join(codes, ","); got != c.want {
				t.Errorf("warnings %q, want %q", got, c.want)
			}
		})
	}
}
