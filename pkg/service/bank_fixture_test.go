package service_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// bankSite is a bank holding the wage accounts of one or more projects of
// one general contractor, each with an approved October payroll whose
// instructions wait for the bank: worker i of a project is paid 5000.00 + i.
type bankSite struct {
	t        *testing.T
	db       *store.DB
	svc      *service.Service
	gc, bank string
	admin    context.Context // the system, which reads every audit chain
	projects []string
	ins      [][]store.Instruction // each project's instructions, by line
}

func newBankSite(t *testing.T, db *store.DB, projects, workers int) *bankSite {
	t.Helper()
	keys, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	s := &bankSite{t: t, db: db, svc: service.New(db, nil), admin: service.WithCaller(context.Background(), service.System)}
	s.svc.Identity = keys
	db.UseAuditKeys(keys)
	org := func(kind ledger.OrgKind, n int) string {
		o, err := s.svc.CreateOrganization(s.admin, ledger.Organization{Name: fmt.Sprintf("%s %d", kind, n), USCC: benchUSCC(n), Kind: kind, RegionCode: "110105"})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	s.gc, s.bank = org(ledger.OrgGeneralContractor, 1), org(ledger.OrgBank, 2)
	owner := org(ledger.OrgOwner, 3)
	gcCtx := service.WithCaller(context.Background(), service.Caller{KeyID: "key_gc", OrgID: s.gc, Role: ledger.RoleContractor})
	for p := 0; p < projects; p++ {
		prj, err := s.svc.CreateProject(s.admin, ledger.Project{Code: fmt.Sprintf("P%d", p), Name: fmt.Sprintf("project %d", p), RegionCode: "110105",
			OwnerID: owner, GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("100000000"), StartedOn: ledger.NewDate(2025, 1, 1),
			PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
			WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: fmt.Sprintf("11001234567%d", p)}})
		if err != nil {
			t.Fatal(err)
		}
		s.projects = append(s.projects, prj.ID)
		s.ins = append(s.ins, s.approvedPayroll(gcCtx, prj.ID, p*1000, workers))
	}
	return s
}

// approvedPayroll enrols workers first … first+n-1 on the project, and
// submits and approves their payroll.
func (s *bankSite) approvedPayroll(ctx context.Context, project string, first, n int) []store.Instruction {
	t := s.t
	t.Helper()
	var roster, payroll bytes.Buffer
	roster.WriteString("姓名,身份证号,手机号,班组,工种,银行卡号,开户行,合同签订日期,进场日期\n")
	payroll.WriteString("姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资,本人签字确认\n")
	for i := first; i < first+n; i++ {
		name := fmt.Sprintf("工人%c%c", '甲'+rune(i%50), '乙'+rune(i/50%50))
		fmt.Fprintf(&roster, "%s,%s,139%08d,班组,钢筋工,%s,%s,2025-01-01,2025-01-02\n", name, workerID(i), i, workerCard(i), s.bank)
		fmt.Fprintf(&payroll, "%s,%s,%s,22,%d.00,0,%d.00,是\n", name, workerID(i), workerCard(i), 5000+i-first, 5000+i-first)
	}
	if _, _, err := s.svc.ImportWorkers(ctx, project, upload(roster.Bytes(), "roster.csv"), false); err != nil {
		t.Fatal(err)
	}
	up := upload(payroll.Bytes(), "payroll.csv")
	lines, done, err := service.FileLines(up)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	res, _, err := s.svc.SubmitPayroll(service.WithCaller(ctx, service.Caller{KeyID: "key_clerk", OrgID: service.CallerFrom(ctx).OrgID, Role: service.CallerFrom(ctx).Role}), project, service.PayrollSubmission{Period: "2026-10"}, up.SHA256, up.Name, lines)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.ApprovePayroll(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	_, _, ins, err := s.svc.PayrollInstructions(ctx, res.ID)
	if err != nil || len(ins) != n {
		t.Fatalf("%d instructions, %v", len(ins), err)
	}
	return ins
}

// caller is the bank speaking through the API key keyID.
func (s *bankSite) caller(keyID string) context.Context {
	return service.WithCaller(context.Background(), service.Caller{KeyID: keyID, OrgID: s.bank, Role: ledger.RoleBank})
}

// paid is a payment of what is left of instruction in, under ref.
func paid(in store.Instruction, ref string) ledger.ConfirmationItem {
	return ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: in.Amount - in.PaidAmount, BankRef: ref, SettledOn: ledger.NewDate(2026, 11, 10)}
}

// instruction reads an instruction as it is now.
func (s *bankSite) instruction(id string) *store.Instruction {
	s.t.Helper()
	out, err := store.GetInstruction(s.db.Reader(context.Background()), id)
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// count counts the rows of a table (a name from the test, never from input).
func (s *bankSite) count(table string) int {
	s.t.Helper()
	var n []int
	if err := s.db.Select(context.Background(), &n, "SELECT COUNT(*) FROM "+table); err != nil {
		s.t.Fatal(err)
	}
	return n[0]
}

// confirmationAudits returns the bank.confirmations records on a chain, as actor: detail.
func (s *bankSite) confirmationAudits(chain string) []string {
	s.t.Helper()
	recs, err := s.svc.ListAudit(s.admin, chain, "", "", 0, 1000)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		if r.Action == "bank.confirmations" {
			out = append(out, r.Actor+": "+ledger.StoredText(r.Detail).String())
		}
	}
	return out
}

// holdInstruction holds an instruction's row in a transaction of its own,
// and on SQLite the database, until release is called: a confirmation
// transaction that reaches the row (or, on SQLite, any) waits for it.
func (s *bankSite) holdInstruction(project, id string) (release func()) {
	s.t.Helper()
	held, done, result := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		result <- s.db.WithTx(context.Background(), func(tx *store.Tx) error {
			if _, err := tx.Exec("UPDATE instruction_states SET status = status WHERE project_id = ? AND instruction_id = ?", project, id); err != nil {
				close(held)
				return err
			}
			close(held)
			<-done
			return nil
		})
	}()
	<-held
	return func() {
		s.t.Helper()
		close(done)
		if err := <-result; err != nil {
			s.t.Fatal(err)
		}
	}
}

// waitUntil polls ok for up to ten seconds.
func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// verifyBooks fails the test unless every balance matches its postings.
func (s *bankSite) verifyBooks() {
	s.t.Helper()
	rep, err := s.db.VerifyLedger(context.Background())
	if err != nil || len(rep.Discrepancies) != 0 {
		s.t.Fatalf("ledger verify: %+v %v", rep, err)
	}
}
