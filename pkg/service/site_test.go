package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// site is a project with a general contractor, a subcontractor and a bank
// on a fresh database; ctx acts as the GC's wage officer.
type site struct {
	db      *store.DB
	svc     *service.Service
	ctx     context.Context
	clerk   context.Context // the GC's payroll clerk, who submits
	project string
	gc      string
	sub     string
	bank    string
	owner   string
}

func newSite(t testing.TB, db *store.DB) *site { t.Helper(); return newSiteWith(t, db, nil) }

// newService is a service on db signing with keys of its own.
func newService(t testing.TB, db *store.DB) *service.Service {
	t.Helper()
	keys, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, nil)
	svc.Identity = keys
	db.UseAuditKeys(keys)
	return svc
}

// newSiteWith is newSite with the project changed by adjust before it is
// registered.
func newSiteWith(t testing.TB, db *store.DB, adjust func(*ledger.Project)) *site {
	t.Helper()
	svc := newService(t, db)
	ctx := service.WithCaller(context.Background(), service.System)
	mk := func(kind ledger.OrgKind, n int) string {
		o, err := svc.CreateOrganization(ctx, ledger.Organization{Name: fmt.Sprintf("%s %d", kind, n), USCC: benchUSCC(n), Kind: kind, RegionCode: "110105"})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	s := &site{db: db, svc: svc, gc: mk(ledger.OrgGeneralContractor, 1), bank: mk(ledger.OrgBank, 2)}
	s.owner = mk(ledger.OrgOwner, 3)
	s.sub = mk(ledger.OrgSubcontractor, 4)
	project := ledger.Project{Code: "SITE", Name: "site", RegionCode: "110105", OwnerID: s.owner, GeneralContractorID: s.gc,
		ContractAmount: ledger.MustMoney("100000000"), StartedOn: ledger.NewDate(2025, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1),
		PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: "110012345678"}}
	if adjust != nil {
		adjust(&project)
	}
	p, err := svc.CreateProject(ctx, project)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddSubcontractor(ctx, p.ID, s.sub); err != nil {
		t.Fatal(err)
	}
	s.project = p.ID
	// The GC's wage officer acts: rows without an employer are the GC's own workers.
	s.ctx = service.WithCaller(context.Background(), service.Caller{KeyID: "key_test", OrgID: s.gc, Role: ledger.RoleContractor})
	// The GC's payroll clerk submits with a key of their own: the wage
	// officer's approval is four-eyes (ledger.CheckFourEyes).
	s.clerk = service.WithCaller(context.Background(), service.Caller{KeyID: "key_clerk", OrgID: s.gc, Role: ledger.RoleContractor})
	return s
}

// worker is the i-th test worker's registration.
func (s *site) worker(i int) ledger.WorkerInput {
	return ledger.WorkerInput{Name: rosterName(i), IDNumber: workerID(i), Trade: "钢筋工", BankCard: workerCard(i), BankID: s.bank,
		ContractSignedOn: "2025-01-01", EnteredOn: "2025-01-02"}
}

// rosterName is worker i's name as rosterCSV writes it.
func rosterName(i int) string {
	return fmt.Sprintf("工人%c%c", '甲'+rune(i%50), '乙'+rune(i/50%50))
}

// enrol registers workers 0..n-1 and returns their enrolment IDs.
func (s *site) enrol(t testing.TB, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		e, err := s.svc.RegisterWorker(s.ctx, s.project, s.worker(i))
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = e.ID
	}
	return ids
}

// line is a payroll line paying worker i net, with 100.00 deducted.
func line(i int, net string) ledger.PayrollLineInput {
	gross := ledger.MustMoney(net) + ledger.MustMoney("100")
	return ledger.PayrollLineInput{IDNumber: workerID(i), Name: rosterName(i), DaysWorked: "0", GrossPay: gross.String(),
		Deductions: "100.00", NetPay: net, BankCard: workerCard(i), Confirmed: "是"}
}

// trySubmit submits lines as a JSON body with the given header and hash.
func (s *site) trySubmit(sub service.PayrollSubmission, sha string, lines ...ledger.PayrollLineInput) (*service.PayrollResult, bool, error) {
	return s.svc.SubmitPayroll(s.clerk, s.project, sub, sha, "json", &service.SliceLines{Lines: lines})
}

// submit submits a regular payroll for period, which must be accepted.
func (s *site) submit(t testing.TB, period string, lines ...ledger.PayrollLineInput) *service.PayrollResult {
	t.Helper()
	res, _, err := s.trySubmit(service.PayrollSubmission{Period: period}, "sha-"+period+fmt.Sprint(len(lines)), lines...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// count returns the number of rows of a table on the site's project.
func (s *site) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := s.db.Get(context.Background(), &n, "SELECT COUNT(*) FROM "+table+" WHERE project_id = ?", s.project); err != nil {
		t.Fatal(err)
	}
	return n
}

// audits returns the actions of the project's audit chain, oldest first.
func (s *site) audits(t testing.TB) []string {
	t.Helper()
	recs, err := s.svc.ListAudit(service.WithCaller(context.Background(), service.System), s.project, "", "", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Action
	}
	return out
}

// wantAudit fails unless the project's audit chain holds action n times.
func (s *site) wantAudit(t testing.TB, action string, n int) {
	t.Helper()
	got := 0
	all := s.audits(t)
	for _, a := range all {
		if a == action {
			got++
		}
	}
	if got != n {
		t.Errorf("audit records %q: %d, want %d (chain: %s)", action, got, n, strings.Join(all, ", "))
	}
}

// wantCode fails unless err is an *ledger.Error with code and, when
// fieldCode is given, a field error with that code.
func wantCode(t testing.TB, err error, code, fieldCode string) {
	t.Helper()
	if ledger.ErrorCode(err) != code {
		t.Fatalf("error %v: code %q, want %q", err, ledger.ErrorCode(err), code)
	}
	if fieldCode == "" {
		return
	}
	for _, f := range ledger.ErrorFields(err) {
		if f.Code == fieldCode {
			return
		}
	}
	t.Fatalf("error %v has no field error %q", err, fieldCode)
}

// approveAtOnce approves the payrolls ids (the same one several times, or
// several) concurrently and fails unless exactly one approval succeeds and
// every other is a conflict.
func approveAtOnce(t *testing.T, s *site, ids ...string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(ids))
	for i := range ids {
		wg.Go(func() { _, errs[i] = s.svc.ApprovePayroll(s.ctx, ids[i]) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case ledger.ErrorCode(err) != ledger.EConflict:
			t.Errorf("a losing approval failed with %v, want a conflict", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d approvals succeeded, want exactly 1 (%v)", won, errors.Join(errs...))
	}
}
