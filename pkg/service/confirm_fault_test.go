package service_test

import (
	"fmt"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A confirmation request whose transaction the database fails must fail
// alone: the clean requests that were queued beside it, and so shared its
// transaction, are applied and answered as if it had never come. Before,
// every request of the shared transaction got its error and none was stored
// (issue 16 #9: 24 of 155 clean concurrent requests lost to one bad one).
func TestFailingConfirmationFailsAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const clean = 8
		s := newBankSite(t, db, 1, clean+2)
		ins := s.ins[0]
		service.FaultConfirmations(s.svc, func(it ledger.ConfirmationItem) bool { return it.BankRef == "POISON" })
		// The first request's transaction waits on the last instruction,
		// so that every other request queues behind it and the next
		// transaction holds them all, the bad one among them.
		release := s.holdInstruction(s.projects[0], ins[clean+1].ID)
		type reply struct {
			ref string
			res []service.ItemResult
			err error
		}
		replies := make(chan reply, clean+2)
		send := func(it ledger.ConfirmationItem) {
			res, err := s.svc.RecordConfirmations(s.caller("key_"+it.BankRef), s.bank, []ledger.ConfirmationItem{it})
			replies <- reply{it.BankRef, res, err}
		}
		go send(paid(ins[clean+1], "FIRST"))
		waitUntil(t, "the first request's transaction to start", func() bool { w, a := s.svc.ConfirmationQueue(); return w == 0 && a == 1 })
		for r := 0; r < clean; r++ {
			go send(paid(ins[r], fmt.Sprintf("CLEAN-%d", r)))
		}
		go send(paid(ins[clean], "POISON"))
		waitUntil(t, "the other requests to queue", func() bool { w, a := s.svc.ConfirmationQueue(); return w == clean+1 && a == 1 })
		release()
		lost := 0
		for k := 0; k < clean+2; k++ {
			r := <-replies
			if r.ref == "POISON" {
				if r.err == nil {
					t.Errorf("the faulted request succeeded: %+v", r.res)
				}
				continue
			}
			if r.err != nil || len(r.res) != 1 || r.res[0].Result != ledger.Applied {
				lost++
				t.Errorf("clean request %s: %+v %v", r.ref, r.res, r.err)
			}
		}
		t.Logf("clean requests lost beside the failing one: %d of %d", lost, clean+1)
		for r := 0; r < clean; r++ {
			if got := s.instruction(ins[r].ID); got.Status != ledger.InstructionPaid {
				t.Errorf("instruction %d of a clean request is %s, not paid", r, got.Status)
			}
		}
		if got := s.instruction(ins[clean].ID); got.Status == ledger.InstructionPaid {
			t.Errorf("the faulted request's instruction was paid")
		}
		s.verifyBooks()
	})
}
