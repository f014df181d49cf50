package ledger

import "testing"

// A drawdown's decision reference or a top-up's reference on record: the
// same content is a retry; other content a conflict.
func TestDrawdownAndTopUpCheckReplay(t *testing.T) {
	d := DrawdownInput{Amount: MustMoney("3000.00"), DecisionRef: "D-1", Payees: []DrawdownPayee{{EnrolmentID: "enr_1", Amount: MustMoney("3000.00")}}}
	otherD := d
	otherD.Amount++
	u := TopUpInput{Amount: MustMoney("3000.00"), Reference: "T-1", On: NewDate(2026, 3, 2)}
	otherU := u
	otherU.On = NewDate(2026, 3, 3)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"drawdown, same content", d.CheckReplay(d.Fingerprint()), ""},
		{"drawdown, other content", d.CheckReplay(otherD.Fingerprint()), `decision "D-1" was already drawn on this guarantee with different content`},
		{"top-up, same content", u.CheckReplay(u.Fingerprint(), "G-1"), ""},
		{"top-up, other content", u.CheckReplay(otherU.Fingerprint(), "G-1"), `top-up reference "T-1" of guarantee G-1 was already reported with different content`},
	} {
		e, _ := c.err.(*Error)
		switch {
		case c.want == "" && c.err != nil:
			t.Errorf("%s: %v, want a retry", c.name, c.err)
		case c.want != "" && (e == nil || e.Code != EConflict || e.Message != c.want):
			t.Errorf("%s: %v, want %q", c.name, c.err, c.want)
		}
	}
}
