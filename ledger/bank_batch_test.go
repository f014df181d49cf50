package ledger

import "testing"

func TestBankBatchOf(t *testing.T) {
	cal := DefaultCalendar()
	payDay := NewDate(2025, 7, 15)
	friday := NewDate(2025, 7, 18)
	for _, c := range []struct {
		name string
		in   BankFileCandidate
		want BankBatch
		ok   bool
	}{
		{"pending, as issued", BankFileCandidate{Status: InstructionPending, IssuedOn: NewDate(2025, 7, 1)}, BankBatch{"pay_1", payDay}, true},
		{"a re-issue, pending", BankFileCandidate{Status: InstructionPending, Reissue: true, IssuedOn: friday},
			BankBatch{"pay_1-R20250718", NewDate(2025, 7, 21)}, true}, // Monday: the next working day
		{"paid", BankFileCandidate{Status: InstructionPaid}, BankBatch{}, false},
		{"partly paid: the bank has it", BankFileCandidate{Status: InstructionPartlyPaid}, BankBatch{}, false},
		{"failed: re-issued, or not paid", BankFileCandidate{Status: InstructionFailed}, BankBatch{}, false},
		{"re-issued", BankFileCandidate{Status: InstructionReissued}, BankBatch{}, false},
		{"a re-issue paid", BankFileCandidate{Status: InstructionPaid, Reissue: true, IssuedOn: friday}, BankBatch{}, false},
	} {
		got, ok := cal.BankBatchOf("pay_1", payDay, c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %+v %v, want %+v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
