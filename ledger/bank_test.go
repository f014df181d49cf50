package ledger

import "testing"

func TestConfirmationFingerprint(t *testing.T) {
	a := ConfirmationItem{InstructionID: "ins_1", Status: ConfirmPaid, Amount: MustMoney("10.00"), BankRef: "R1", SettledOn: NewDate(2026, 11, 10)}
	if a.Fingerprint() != a.Fingerprint() || len(a.Fingerprint()) != 64 {
		t.Fatal("fingerprint is not a stable SHA-256")
	}
	for _, change := range []func(*ConfirmationItem){
		func(c *ConfirmationItem) { c.Amount = MustMoney("10.01") },
		func(c *ConfirmationItem) { c.Status = ConfirmFailed },
		func(c *ConfirmationItem) { c.SettledOn = NewDate(2026, 11, 11) },
		func(c *ConfirmationItem) { c.Reason = "x" },
		// Moving characters between fields must change it too.
		func(c *ConfirmationItem) { c.InstructionID, c.Status = "ins_1p", "aid" },
	} {
		b := a
		change(&b)
		if b.Fingerprint() == a.Fingerprint() {
			t.Errorf("%+v has the fingerprint of %+v", b, a)
		}
	}
}
