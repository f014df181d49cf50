package ledger

import "testing"

// Every status, of a wage-account instruction and of a drawdown's: only a
// wage-account one that failed, came back or partly failed is re-issued, for
// what the bank may no longer pay of it (Payable, the drawdown's part
// taken out); a drawdown's never, whatever its status.
func TestCheckReissue(t *testing.T) {
	const wrongStatus = "instruction ins_1 is %s: only a failed, returned or partly failed one is re-issued"
	const drawdown = "instruction ins_1 is a guarantee drawdown's: a failed one is back in the guarantee's cover, and the inspector draws again"
	rests := map[InstructionStatus]Money{InstructionFailed: 100, InstructionReturned: 100, InstructionPartlyFailed: 70}
	if len(InstructionStatuses) != 8 {
		t.Fatalf("%d statuses: decide the new ones here", len(InstructionStatuses))
	}
	for _, s := range InstructionStatuses {
		for _, byDrawdown := range []bool{false, true} {
			st := InstructionState{Amount: 100, Status: s}
			if s == InstructionPartlyFailed {
				st.Paid = 30
			}
			rest, err := CheckReissue("ins_1", st, byDrawdown)
			var want string
			switch {
			case byDrawdown:
				want = drawdown
			case rests[s] == 0:
				want = M(wrongStatus, s.Label()).String()
			}
			e, _ := err.(*Error)
			switch {
			case want == "" && (err != nil || rest != rests[s]):
				t.Errorf("%s (drawdown %v): %s %v, want %s re-issued", s, byDrawdown, rest, err, rests[s])
			case want != "" && (e == nil || e.Code != EConflict || e.Message != want || rest != 0):
				t.Errorf("%s (drawdown %v): %s %v, want a conflict %q", s, byDrawdown, rest, err, want)
			}
		}
	}
	// A drawdown paying 20 of a partly failed one leaves 50 to re-issue.
	if rest, err := CheckReissue("ins_1", InstructionState{Amount: 100, Paid: 30, Superseded: 20, Status: InstructionPartlyFailed}, false); err != nil || rest != 50 {
		t.Errorf("partly failed, 20 superseded: %s %v, want 0.50", rest, err)
	}
}

// An inflow's bank reference on record: the same content is a retry, other
// content a conflict.
func TestInflowCheckReplay(t *testing.T) {
	in := InflowInput{AccountNo: "11000000000001", Amount: MustMoney("1234.50"), ReceivedOn: NewDate(2026, 10, 30), BankRef: "R-1", Payer: "业主"}
	if err := in.CheckReplay(in.ContentHash()); err != nil {
		t.Errorf("same content: %v", err)
	}
	other := in
	other.Amount++
	err := in.CheckReplay(other.ContentHash())
	if e, _ := err.(*Error); e == nil || e.Code != EConflict || e.Message != `bank reference "R-1" was already reported with different content` {
		t.Errorf("other content: %v, want a conflict", err)
	}
}
