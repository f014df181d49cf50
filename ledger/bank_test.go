package ledger

import (
	"encoding/json"
	"testing"
)

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

// An allocation's content hash is the SHA-256 of this JSON, stored with it:
// the shape may not change, or every stored allocation's retry becomes a
// conflict (see InflowInput).
func TestInflowInputStoredShape(t *testing.T) {
	in := InflowInput{AccountNo: "11000000000001", Amount: MustMoney("1234.50"), ReceivedOn: NewDate(2026, 10, 30), BankRef: "R-1", Payer: "业主"}
	got, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"account_no":"11000000000001","amount":"1234.50","received_on":"2026-10-30","bank_ref":"R-1","payer":"业主"}`
	if string(got) != want {
		t.Fatalf("InflowInput is stored as\n  %s\nwant\n  %s", got, want)
	}
}
