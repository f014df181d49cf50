package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// peerSub puts a second subcontractor on the site's project and returns
// it with its caller.
func (s *site) peerSub(t *testing.T) (string, context.Context) {
	t.Helper()
	o, err := s.svc.CreateOrganization(s.ctx, ledger.Organization{Name: "peer subcontractor", USCC: benchUSCC(9), Kind: ledger.OrgSubcontractor, RegionCode: "110105"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.AddSubcontractor(s.ctx, s.project, o.ID); err != nil {
		t.Fatal(err)
	}
	return o.ID, service.WithCaller(context.Background(), service.Caller{KeyID: "key_peer", OrgID: o.ID, Role: ledger.RoleContractor})
}

// Reconciliation shows each caller the exceptions of the workers it may
// read: a subcontractor its own, never a peer's failed payment (its
// enrolment, instruction and amount); the general contractor, an inspector
// of the region and the bank every one (issue 16 #12).
func TestReconciliationExceptionsFollowTheRowsScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, _, failed := paysafeSite(t, db) // the subcontractor's worker 1's June payment failed
		_, peer := s.peerSub(t)
		callers := map[string]context.Context{
			"general contractor": s.ctx,
			"subcontractor":      service.WithCaller(context.Background(), service.Caller{KeyID: "key_sub", OrgID: s.sub, Role: ledger.RoleContractor}),
			"inspector":          service.WithCaller(context.Background(), service.Caller{KeyID: "key_insp", OrgID: "org_insp", Role: ledger.RoleInspector, RegionCode: "110105"}),
			"bank":               service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank}),
			"peer subcontractor": peer,
		}
		for who, ctx := range callers {
			rec, err := s.svc.Reconcile(ctx, s.project, "2025-06")
			if err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			shown := false
			for _, e := range rec.Exceptions {
				shown = shown || e.InstructionID == failed.ID || e.EnrolmentID == failed.EnrolmentID
			}
			if want := who != "peer subcontractor"; shown != want {
				t.Errorf("%s sees the subcontractor's failed payment: %v, want %v (%+v)", who, shown, want, rec.Exceptions)
			}
		}
	})
}

// A subcontractor registering a worker on a card another employer's worker
// holds is told the card is shared, not whose it is; a number registered
// under another name is refused saying only that the name does not match,
// not that the number is registered (issue 16 #12).
func TestRegistrationTellsNoOtherEmployersWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		enr := s.enrolWithSub(t, 1)[0]
		_, peer := s.peerSub(t)
		w := s.worker(5)
		w.BankCard = workerCard(0) // the subcontractor's worker's card
		e, err := s.svc.RegisterWorker(peer, s.project, w)
		if err != nil {
			t.Fatal(err)
		}
		warned := strings.Join(ledger.Strings(e.Warnings), " | ")
		if !strings.Contains(warned, "another worker of the project") || strings.Contains(warned, enr) || strings.Contains(warned, rosterName(0)) {
			t.Errorf("the peer's shared-card warning: %s", warned)
		}
		w = s.worker(6)
		w.BankCard = workerCard(0)
		e, err = s.svc.RegisterWorker(s.ctx, s.project, w) // the general contractor sees every worker
		if err != nil || !strings.Contains(strings.Join(ledger.Strings(e.Warnings), " "), enr) {
			t.Errorf("the general contractor's shared-card warning: %q %v", e.Warnings, err)
		}
		w = s.worker(0)
		w.Name, w.BankCard = "王五", workerCard(7)
		_, err = s.svc.RegisterWorker(peer, s.project, w)
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseNameMismatch))
		for _, f := range ledger.ErrorFields(err) {
			if strings.Contains(f.Message, "registered") {
				t.Errorf("the refusal confirms the number is registered: %s", f.Message)
			}
		}
	})
}
