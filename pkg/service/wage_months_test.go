package service_test

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
	"github.com/wageguard/wageguard/schemas"
)

// TestWageMonthsFollowRandomWrites: after every step of a random sequence
// of writes through the service (payments in full and in part, failures,
// returns, re-issues, exits, after the payroll's upload and approval), the
// enrolments' months of wages (wage_months, which the statistics read)
// equal their recount from the payrolls and postings: `ledger verify`
// recounts them (store.VerifyLedger), and no step may leave a difference.
// WAGEGUARD_WAGE_MONTHS_SEED replays a sequence.
func TestWageMonthsFollowRandomWrites(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("WAGEGUARD_WAGE_MONTHS_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Logf("WAGEGUARD_WAGE_MONTHS_SEED=%d", seed)
		rnd := rand.New(rand.NewPCG(seed, 18))
		s := newBankSite(t, db, 1, 8)
		gc := service.WithCaller(context.Background(), service.Caller{KeyID: "key_gc", OrgID: s.gc, Role: ledger.RoleContractor})
		ins := s.ins[0]
		ref := 0
		confirm := func(item ledger.ConfirmationItem) {
			ref++
			item.BankRef, item.SettledOn = "R-"+strconv.Itoa(ref), ledger.NewDate(2026, 11, 10)
			if _, err := s.svc.RecordConfirmations(s.caller("key_bank"), s.bank, []ledger.ConfirmationItem{item}); err != nil {
				t.Fatal(err)
			}
		}
		var steps []string
		for range 30 {
			in := s.instruction(ins[rnd.IntN(len(ins))].ID)
			left := in.Amount - in.PaidAmount
			switch op := rnd.IntN(7); {
			case op <= 1 && in.Status == ledger.InstructionPending:
				steps = append(steps, "paid "+in.ID)
				confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: left})
			case op == 2 && in.Status == ledger.InstructionPending && left > 1:
				steps = append(steps, "part "+in.ID)
				confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: left / 2})
			case op == 3 && in.Status == ledger.InstructionPending:
				steps = append(steps, "failed "+in.ID)
				confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmFailed, Reason: "card closed"})
			case op == 4 && in.PaidAmount > 0:
				steps = append(steps, "returned "+in.ID)
				confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmReturned, Amount: in.PaidAmount, Reason: "account closed"})
			case op == 5 && (in.Status == ledger.InstructionFailed || in.Status == ledger.InstructionReturned):
				steps = append(steps, "reissue "+in.ID)
				re, err := s.svc.ReissueInstruction(gc, in.ID)
				if err != nil {
					if ledger.ErrorCode(err) == "" {
						t.Fatal(err)
					}
					continue
				}
				for i := range ins {
					if ins[i].ID == in.ID {
						ins[i] = *s.instruction(re.ID)
					}
				}
			case op == 6:
				steps = append(steps, "exit "+in.EnrolmentID)
				if _, err := s.svc.ExitWorker(gc, in.ProjectID, in.EnrolmentID, ledger.NewDate(2026, 11, 20)); err != nil && ledger.ErrorCode(err) == "" {
					t.Fatal(err)
				}
			default:
				continue
			}
			rep, err := db.VerifyLedger(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Discrepancies) != 0 {
				t.Fatalf("after %v:\n%v", steps, rep.Discrepancies)
			}
		}
		var n int
		if err := db.Get(context.Background(), &n, `SELECT COUNT(*) FROM wage_months WHERE project_id = ? AND period = '2026-10'`, s.projects[0]); err != nil {
			t.Fatal(err)
		}
		if n != len(ins) {
			t.Errorf("%d enrolments' months of wages, %d instructions", n, len(ins))
		}
		t.Logf("%d steps: %v", len(steps), steps)
		backfillAgain(t, db)
	})
}

// backfillAgain empties wage_months and fills it again with migration
// wage_months's statement: the rows must come back as the writes left them.
func backfillAgain(t *testing.T, db *store.DB) {
	t.Helper()
	storetest.SkipOnSharedDB(t, db, "empties wage_months of the whole database")
	ctx := context.Background()
	dir := "sqlite"
	if db.Dialect.IsPostgres() {
		dir = "postgres"
	}
	// By name, not number: the number is the merge's to give.
	names, err := fs.Glob(schemas.Migrations, dir+"/*_wage_months.sql")
	if err != nil || len(names) != 1 {
		t.Fatalf("migration wage_months: %v %v", names, err)
	}
	text, err := schemas.Migrations.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(text), "INSERT INTO wage_months")
	if i < 0 {
		t.Fatal("migration wage_months fills no wage_months")
	}
	type row struct {
		ProjectID   string `db:"project_id"`
		Period      string `db:"period"`
		EnrolmentID string `db:"enrolment_id"`
		Due         int64  `db:"due"`
		Payable     int64  `db:"payable"`
	}
	read := func() []row {
		var rows []row
		if err := db.Select(ctx, &rows, `SELECT project_id, period, enrolment_id, due, payable FROM wage_months ORDER BY 1, 2, 3`); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	kept := read()
	if err := db.ExecRaw(ctx, "DELETE FROM wage_months"); err != nil {
		t.Fatal(err)
	}
	if err := db.ExecRaw(ctx, string(text[i:])); err != nil {
		t.Fatal(err)
	}
	if again := read(); !slices.Equal(again, kept) || len(kept) == 0 {
		t.Errorf("migration wage_months fills wage_months with\n%v\nthe writes kept\n%v", again, kept)
	}
}
