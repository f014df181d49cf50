package ledger

import "testing"

// Every form: cash posts one valid deposit entry, guarantee_funding →
// guarantee/<id>, of its amount on the day it was paid in; a letter or a
// policy posts nothing.
func TestGuaranteeDepositEntry(t *testing.T) {
	for _, form := range GuaranteeForms {
		in := GuaranteeInput{ProjectID: "prj_1", Form: form, Amount: MustMoney("50000.00"), IssuerID: "org_b", Reference: "G-1", ValidFrom: NewDate(2026, 3, 2)}
		g := NewGuarantee(in, nil)
		e := g.DepositEntry()
		if form != FormCash {
			if e != nil || g.EntryID != "" {
				t.Errorf("%s: entry %+v (ID %q), want none", form, e, g.EntryID)
			}
			continue
		}
		if e == nil || g.EntryID == "" {
			t.Fatalf("cash: no deposit entry")
		}
		if err := e.Validate(); err != nil {
			t.Errorf("cash: %v", err)
		}
		debit, credit := e.Postings[0], e.Postings[1]
		if e.ID != g.EntryID || e.Kind != EntryDeposit || e.EffectiveOn != in.ValidFrom || e.Memo != "guarantee deposit G-1" ||
			debit.Account != (Account{ProjectID: "prj_1", Kind: Guarantee, Ref: g.ID}) || debit.Amount != in.Amount ||
			credit.Account != (Account{ProjectID: "prj_1", Kind: GuaranteeFunding}) || credit.Amount != -in.Amount {
			t.Errorf("cash: %+v", e)
		}
	}
}

// A reference on record: the same content on the same project is a retry;
// another project, or other content, a conflict.
func TestCheckLodgingReplay(t *testing.T) {
	in := GuaranteeInput{ProjectID: "prj_1", Form: FormBankLetter, Amount: MustMoney("50000.00"), IssuerID: "org_b", Reference: "G-1", ValidFrom: NewDate(2026, 3, 2)}
	other := in
	other.Amount++
	elsewhere := in
	elsewhere.ProjectID = "prj_2"
	for _, c := range []struct {
		name string
		prev GuaranteeInput
		want string
	}{
		{"same", in, ""},
		{"other content", other, `guarantee reference "G-1" of org_b was already lodged with different content`},
		{"another project", elsewhere, `guarantee reference "G-1" of org_b is already lodged for another project: one letter or policy covers one project`},
	} {
		err := CheckLodgingReplay(in, NewGuarantee(c.prev, nil))
		e, _ := err.(*Error)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v, want a retry", c.name, err)
		case c.want != "" && (e == nil || e.Code != EConflict || e.Message != c.want):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
