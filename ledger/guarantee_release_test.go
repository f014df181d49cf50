package ledger

import (
	"strings"
	"testing"
)

func TestDecideRelease(t *testing.T) {
	done := NewDate(2026, 9, 1)
	completed := &Project{Code: "HB-1", CompletedOn: &done}
	running := &Project{Code: "HB-2"}
	cash := &WageGuarantee{Reference: "C-1", Form: FormCash, Amount: MustMoney("100.00")}
	letter := &WageGuarantee{Reference: "L-1", Form: FormBankLetter, Amount: MustMoney("100.00")}
	released := &WageGuarantee{Reference: "C-2", Form: FormCash, ReleasedOn: &done}
	owed := []OwedWages{{EnrolmentID: "enr_a", Name: "张三", Period: MustPeriod("2026-07"), Amount: MustMoney("5500.00")},
		{EnrolmentID: "enr_b", Name: "李四", Period: MustPeriod("2026-08"), Amount: MustMoney("100.50")}}
	cases := []struct {
		name   string
		g      *WageGuarantee
		f      ReleaseFacts
		blocks string // codes of the blocking facts, in order
		cash   string
	}{
		{"cash returned", cash, ReleaseFacts{Project: completed, Today: NewDate(2026, 10, 1), WaitingDays: 30, CashHeld: MustMoney("80.00")}, "", "80.00"},
		{"letter returned", letter, ReleaseFacts{Project: completed, Today: NewDate(2026, 10, 1), WaitingDays: 30}, "", "0.00"},
		{"last day of notice", cash, ReleaseFacts{Project: completed, Today: NewDate(2026, 9, 30), WaitingDays: 30}, "waiting_period", ""},
		{"not completed, wages owed", cash, ReleaseFacts{Project: running, Today: NewDate(2026, 10, 1), WaitingDays: 30, Owed: owed},
			"not_completed wages_owed wages_owed", ""},
		{"already released", released, ReleaseFacts{Project: completed, Today: NewDate(2026, 10, 1), WaitingDays: 30}, "already_released", ""},
	}
	for _, c := range cases {
		plan, err := DecideRelease(c.g, c.f)
		var codes []string
		for _, f := range ErrorFields(err) {
			codes = append(codes, f.Code)
		}
		if strings.Join(codes, " ") != c.blocks {
			t.Errorf("%s: blocks %v, want %s (%v)", c.name, codes, c.blocks, err)
		}
		if c.blocks == "" && (plan.ReturnCash.String() != c.cash || plan.On != c.f.Today) {
			t.Errorf("%s: plan %+v", c.name, plan)
		}
		if c.blocks != "" && ErrorCode(err) != EConflict {
			t.Errorf("%s: code %s", c.name, ErrorCode(err))
		}
	}
	_, err := DecideRelease(cash, ReleaseFacts{Project: running, Today: NewDate(2026, 10, 1), WaitingDays: 30, Owed: owed})
	for _, want := range []string{"¥5600.50 of wages are owed", "enrolments.enr_a.2026-07: 张三 (enr_a) is owed ¥5500.00 for 2026-07", "project HB-2 is not completed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v lacks %q", err, want)
		}
	}
}
