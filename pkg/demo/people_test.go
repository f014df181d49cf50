package demo

import (
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

// Every generated number passes the checks real ones must (GB 11643, Luhn,
// mobile, GB 32100), none is handed out twice, and a seed always gives the
// same people while another seed gives others.
func TestGeneratedPeopleAreValidAndSeeded(t *testing.T) {
	a, b, c := newPeople(1), newPeople(1), newPeople(2)
	today := ledger.NewDate(2026, 11, 30)
	same, differs := 0, 0
	for range 2000 {
		id, card, phone, uscc, name := a.idNumber(), a.card(), a.phone(), a.uscc("110111"), a.name()
		if _, ferr := ledger.CheckResidentID(id, today); ferr != nil {
			t.Fatalf("identity %s: %v", id, ferr.Message)
		}
		if _, ferr := ledger.CheckBankCard(card); ferr != nil {
			t.Fatalf("card %s: %v", card, ferr.Message)
		}
		if _, ferr := ledger.CheckMobile(phone); ferr != nil {
			t.Fatalf("phone %s: %v", phone, ferr.Message)
		}
		if _, err := ledger.CheckUSCC(uscc); err != nil {
			t.Fatalf("credit code %s: %v", uscc, err)
		}
		if _, ferr := ledger.CheckName(name); ferr != nil {
			t.Fatalf("name %s: %v", name, ferr.Message)
		}
		if b.idNumber() == id && b.card() == card && b.phone() == phone && b.uscc("110111") == uscc && b.name() == name {
			same++
		}
		if c.idNumber() != id {
			differs++
		}
	}
	if same != 2000 || differs < 1990 {
		t.Errorf("seed 1 twice: %d of 2000 alike; seed 2: %d of 2000 differ", same, differs)
	}
	if len(a.taken) != 4*2000 {
		t.Errorf("%d distinct numbers handed out, want %d", len(a.taken), 4*2000)
	}
}
