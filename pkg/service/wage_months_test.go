package service_test

import (
	"context"
	"fmt"
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
// of writes through the service on a subcontractor's approved June payroll
// (payments in full and in part, failures, returns, re-issues, exits, the
// general contractor's advances of wages owed and of new work, and the
// labour bureau's drawdowns on the guarantee, whose instructions join the
// ones the steps pick from), the enrolments' months of wages (wage_months,
// which the statistics read) equal their recount from the payrolls and
// postings: `ledger verify` recounts them (store.VerifyLedger), and no step
// may leave a difference. The service offers no reversal of an entry (a
// return is the only undoing of a payment, and a step here).
// WAGEGUARD_WAGE_MONTHS_SEED replays a sequence.
func TestWageMonthsFollowRandomWrites(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("WAGEGUARD_WAGE_MONTHS_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		t.Logf("WAGEGUARD_WAGE_MONTHS_SEED=%d", seed)
		w := newWageWalk(t, db, rand.New(rand.NewPCG(seed, 18)))
		clock.Advance(10 * 24 * time.Hour) // 20 July: June's wages are late, a drawdown may pay them
		w.today = ledger.NewDate(2025, 7, 20)
		for range 60 {
			if !w.step() {
				continue
			}
			rep, err := db.VerifyLedger(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Discrepancies) != 0 {
				t.Fatalf("after %v:\n%v", w.steps, rep.Discrepancies)
			}
		}
		// Every sequence makes one advance and one drawdown at least: a
		// seed whose steps made none makes them now.
		if w.ensureNewKinds() {
			if rep, err := db.VerifyLedger(context.Background()); err != nil || len(rep.Discrepancies) != 0 {
				t.Fatalf("after %v: %v %v", w.steps, err, rep)
			}
		}
		paid := map[string]bool{}
		for _, in := range w.ins {
			paid[in.EnrolmentID] = true
		}
		var n int
		if err := db.Get(context.Background(), &n, `SELECT COUNT(*) FROM wage_months WHERE project_id = ? AND period = '2025-06'`, w.s.project); err != nil {
			t.Fatal(err)
		}
		if n != len(paid) {
			t.Errorf("%d enrolments' months of wages, %d enrolments with instructions", n, len(paid))
		}
		t.Logf("%d steps: %v", len(w.steps), w.steps)
		backfillAgain(t, db)
	})
}

// wageWalk is the state of TestWageMonthsFollowRandomWrites: a site whose
// subcontractor's workers 0..5 are on its approved June payroll and 6..7
// on none (an advance may pay them for new work), and a guarantee.
type wageWalk struct {
	t         *testing.T
	s         *site
	rnd       *rand.Rand
	ins       []store.Instruction // the steps pick from these
	worker    map[string]int      // enrolment → worker number
	spare     []int               // workers on no approved payroll yet
	guarantee string
	today     ledger.Date
	n         int // names bank references, decisions and uploads
	steps     []string
	// advances and drawdowns count those made (approved, drawn).
	advances, drawdowns int
}

func newWageWalk(t *testing.T, db *store.DB, rnd *rand.Rand) *wageWalk {
	s := newSite(t, db)
	w := &wageWalk{t: t, s: s, rnd: rnd, worker: map[string]int{}, spare: []int{6, 7}}
	for i, e := range s.enrolWithSub(t, 8) {
		w.worker[e] = i
	}
	var lines []ledger.PayrollLineInput
	for i := range 6 {
		lines = append(lines, line(i, fmt.Sprintf("%d.00", 5000+i)))
	}
	pay, _, err := s.trySubmit(service.PayrollSubmission{EmployerID: s.sub, Period: "2025-06"}, "sha-june", lines...)
	if err != nil {
		t.Fatal(err)
	}
	w.approve(pay.ID)
	w.guarantee = s.lodge(t, "CASH-WALK", "1000000.00", "2025-01-10", "")
	return w
}

// approve approves a payroll and adds its instructions to the walk's.
func (w *wageWalk) approve(id string) {
	if _, err := w.s.svc.ApprovePayroll(w.s.ctx, id); err != nil {
		w.t.Fatal(err)
	}
	_, _, ins, err := w.s.svc.PayrollInstructions(w.s.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	w.ins = append(w.ins, ins...)
}

// refused fails the test on an error that is no refusal by the rules, and
// marks the last step refused on a refusal.
func (w *wageWalk) refused(err error) bool {
	if err != nil && ledger.ErrorCode(err) == "" {
		w.t.Fatal(err)
	}
	if err != nil {
		w.steps[len(w.steps)-1] += " (refused: " + ledger.ErrorCode(err) + ")"
	}
	return err != nil
}

func (w *wageWalk) confirm(item ledger.ConfirmationItem) {
	w.n++
	item.BankRef, item.SettledOn = "R-"+strconv.Itoa(w.n), w.today
	bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: w.s.bank, Role: ledger.RoleBank})
	if _, err := w.s.svc.RecordConfirmations(bank, w.s.bank, []ledger.ConfirmationItem{item}); err != nil {
		w.t.Fatal(err)
	}
}

// step makes one random write on a random instruction's worker and says
// whether it made one.
func (w *wageWalk) step() bool {
	i := w.rnd.IntN(len(w.ins))
	in, err := store.GetInstruction(w.s.db.Reader(context.Background()), w.ins[i].ID)
	if err != nil {
		w.t.Fatal(err)
	}
	left := in.Amount - in.PaidAmount - in.SupersededAmount
	unpaid := in.Status == ledger.InstructionFailed || in.Status == ledger.InstructionReturned
	switch op := w.rnd.IntN(10); {
	case op <= 1 && in.Status == ledger.InstructionPending:
		w.steps = append(w.steps, "paid "+in.ID)
		w.confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: left})
	case op == 2 && in.Status == ledger.InstructionPending && left > 1:
		w.steps = append(w.steps, "part "+in.ID)
		w.confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: left / 2})
	case op == 3 && in.Status == ledger.InstructionPending:
		w.steps = append(w.steps, "failed "+in.ID)
		w.confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmFailed, Reason: "card closed"})
	case op == 4 && in.PaidAmount > 0:
		w.steps = append(w.steps, "returned "+in.ID)
		w.confirm(ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmReturned, Amount: in.PaidAmount, Reason: "account closed"})
	case op == 5 && unpaid:
		w.steps = append(w.steps, "reissue "+in.ID)
		re, err := w.s.svc.ReissueInstruction(w.s.ctx, in.ID)
		if w.refused(err) {
			return false
		}
		w.ins[i] = *w.instruction(re.ID)
	case op == 6:
		w.steps = append(w.steps, "exit "+in.EnrolmentID)
		_, err := w.s.svc.ExitWorker(w.s.ctx, in.ProjectID, in.EnrolmentID, w.today)
		w.refused(err)
	case op == 7 && unpaid && in.PaidFrom == "":
		return w.advance("advance owed "+in.EnrolmentID, w.worker[in.EnrolmentID], w.part(in.Amount-in.PaidAmount))
	case op == 8 && len(w.spare) > 0:
		k := w.spare[0]
		w.spare = w.spare[1:]
		return w.advance(fmt.Sprintf("advance new work of worker %d", k), k, ledger.MustMoney("3000.00")+ledger.Money(w.rnd.IntN(1000)))
	case op == 9 && left > 0 && in.PaidFrom == "":
		return w.draw(in.EnrolmentID, w.part(left))
	default:
		return false
	}
	return true
}

// part is all of m or, one time in two, half of it.
func (w *wageWalk) part(m ledger.Money) ledger.Money {
	if m > 1 && w.rnd.IntN(2) == 0 {
		return m / 2
	}
	return m
}

// advance has the general contractor pay worker k net first (先行清偿).
func (w *wageWalk) advance(step string, k int, net ledger.Money) bool {
	w.n++
	w.steps = append(w.steps, step+" "+net.String())
	res, _, err := w.s.svc.SubmitPayroll(w.s.clerk, w.s.project, service.PayrollSubmission{EmployerID: w.s.sub, Period: "2025-06", Kind: "advance"},
		"sha-advance-"+strconv.Itoa(w.n), "json", &service.SliceLines{Lines: []ledger.PayrollLineInput{line(k, net.String())}})
	if w.refused(err) {
		return false
	}
	if _, err := w.s.svc.ApprovePayroll(w.s.ctx, res.ID); w.refused(err) {
		return true // the submission was a write too (no wages moved)
	}
	_, _, ins, err := w.s.svc.PayrollInstructions(w.s.ctx, res.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	w.ins = append(w.ins, ins...)
	w.advances++
	return true
}

// ensureNewKinds makes an advance of new work and a drawdown if the walk
// made none, failing the test if one is refused; it reports whether it
// made any.
func (w *wageWalk) ensureNewKinds() bool {
	made := false
	if w.advances == 0 {
		if len(w.spare) == 0 || !w.advance("advance new work (ensured)", w.spare[0], ledger.MustMoney("3000.00")) || w.advances == 0 {
			w.t.Fatalf("no advance could be made: %v", w.steps)
		}
		made = true
	}
	if w.drawdowns == 0 {
		for _, was := range w.ins {
			in := w.instruction(was.ID)
			if left := in.Amount - in.PaidAmount - in.SupersededAmount; left > 0 && in.PaidFrom == "" {
				if !w.draw(in.EnrolmentID, left) {
					w.t.Fatalf("the drawdown was refused: %v", w.steps)
				}
				return true
			}
		}
		w.t.Fatalf("no instruction left to draw on: %v", w.steps)
	}
	return made
}

// draw has the labour bureau draw amount on the guarantee for a worker.
func (w *wageWalk) draw(enrolment string, amount ledger.Money) bool {
	w.n++
	w.steps = append(w.steps, "drawdown "+enrolment+" "+amount.String())
	bureau := service.WithCaller(context.Background(), service.System) // the drawdown's decision, as the system records it
	res, err := w.s.svc.DrawGuarantee(bureau, w.guarantee, ledger.DrawdownInput{Amount: amount, DecisionRef: "京人社监 2025-" + strconv.Itoa(w.n),
		Payees: []ledger.DrawdownPayee{{EnrolmentID: enrolment, Amount: amount}}})
	if w.refused(err) {
		return false
	}
	w.ins = append(w.ins, res.Instructions...)
	w.drawdowns++
	return true
}

func (w *wageWalk) instruction(id string) *store.Instruction {
	in, err := store.GetInstruction(w.s.db.Reader(context.Background()), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return in
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
