package ledger

import (
	"strings"
	"testing"
)

func TestEntryValidate(t *testing.T) {
	p := MustPeriod("2026-10")
	on := NewDate(2026, 11, 5)
	wage := Account{ProjectID: "prj_a", Kind: WageAccount}
	fund := Account{ProjectID: "prj_a", Kind: OwnerFunding}
	owed := Account{ProjectID: "prj_a", Kind: WagesPayable, Ref: "enr_1"}
	other := Account{ProjectID: "prj_b", Kind: WageAccount}

	ok := Transfer("prj_a", EntryAllocation, on, p, wage, fund, 10000)
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid entry refused: %v", err)
	}

	cases := []struct {
		name string
		e    Entry
		want string
	}{
		{"unbalanced", Entry{ProjectID: "prj_a", Kind: EntryAdjustment, EffectiveOn: on, Postings: []Posting{
			{wage, p, 100}, {fund, p, -99}}}, "sum to 0.01"},
		{"zero amount", Entry{ProjectID: "prj_a", Kind: EntryAdjustment, EffectiveOn: on, Postings: []Posting{
			{wage, p, 0}, {fund, p, 0}}}, "non-zero"},
		{"one posting", Entry{ProjectID: "prj_a", Kind: EntryAdjustment, EffectiveOn: on, Postings: []Posting{
			{wage, p, 0}}}, "at least two"},
		{"cross project", Transfer("prj_a", EntryAdjustment, on, p, other, fund, 5), "not the entry's project"},
		{"no period", Transfer("prj_a", EntryAdjustment, on, Period{}, wage, fund, 5), "wage period"},
		{"ref missing", Transfer("prj_a", EntryAdjustment, on, p, Account{ProjectID: "prj_a", Kind: WagesPayable}, fund, 5), "needs a reference"},
		{"ref extra", Transfer("prj_a", EntryAdjustment, on, p, Account{ProjectID: "prj_a", Kind: WageAccount, Ref: "x"}, fund, 5), "takes no reference"},
		{"unknown kind", Transfer("prj_a", EntryAdjustment, on, p, Account{ProjectID: "prj_a", Kind: "cash"}, fund, 5), "unknown"},
		{"overflow", Entry{ProjectID: "prj_a", Kind: EntryAdjustment, EffectiveOn: on, Postings: []Posting{
			{wage, p, 1 << 62}, {owed, p, 1 << 62}, {fund, p, 1}}}, "overflow"},
		{"no date", Transfer("prj_a", EntryAdjustment, Date{}, p, wage, fund, 5), "business date"},
	}
	for _, c := range cases {
		err := c.e.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want it to say %q", c.name, err, c.want)
		}
	}
}

func TestReversal(t *testing.T) {
	p := MustPeriod("2026-10")
	e := Transfer("prj_a", EntryApproval, NewDate(2026, 11, 1), p,
		Account{ProjectID: "prj_a", Kind: LabourCost, Ref: "org_1"},
		Account{ProjectID: "prj_a", Kind: WagesPayable, Ref: "enr_1"}, 523050)
	e.ID = "ent_1"
	r := Reversal(e, NewDate(2026, 11, 2), "typo")
	if r.Reverses != "ent_1" || r.Kind != EntryReversal {
		t.Fatalf("reversal header = %+v", r)
	}
	for i := range e.Postings {
		if r.Postings[i].Amount != -e.Postings[i].Amount || r.Postings[i].Account != e.Postings[i].Account {
			t.Fatalf("posting %d not reversed: %+v", i, r.Postings[i])
		}
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestNaturalBalance(t *testing.T) {
	// Approval credits wages_payable: the worker is owed a positive amount.
	if got := WagesPayable.Natural(-500); got != 500 {
		t.Fatalf("wages_payable natural = %d", got)
	}
	if got := WageAccount.Natural(700); got != 700 {
		t.Fatalf("wage_account natural = %d", got)
	}
}

func TestParseAccount(t *testing.T) {
	a, err := ParseAccount("prj_a", "wages_payable/enr_1")
	if err != nil || a.Kind != WagesPayable || a.Ref != "enr_1" || a.String() != "wages_payable/enr_1" {
		t.Fatalf("%+v %v", a, err)
	}
	if _, err := ParseAccount("prj_a", "wages_payable"); err == nil {
		t.Fatal("want error for missing ref")
	}
}
