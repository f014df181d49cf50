package service_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestConcurrentDrawdownsStayWithinCover: two inspectors draw at once on a
// ¥8,000 guarantee, ¥5,000 for one worker and ¥6,000 for the other. Each
// fits the cover alone; together they do not, so exactly one is drawn and
// the other refused, on both databases (PostgreSQL locks the project's
// guarantees; SQLite has one writer).
func TestConcurrentDrawdownsStayWithinCover(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		g := s.lodge(t, "CASH-SMALL", "8000.00", "2025-01-10", "")
		clock.Advance(10 * 24 * time.Hour) // 20 July: the June wages are late
		inspector := service.WithCaller(context.Background(), service.System)
		amounts := []string{"5000.00", "6000.00"}
		errs := make([]error, len(amounts))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, amount := range amounts {
			wg.Go(func() {
				<-start
				_, errs[i] = s.svc.DrawGuarantee(inspector, g, ledger.DrawdownInput{Amount: ledger.MustMoney(amount),
					DecisionRef: fmt.Sprintf("京人社监 2025-%d", 10+i),
					Payees:      []ledger.DrawdownPayee{{EnrolmentID: s.ins[i].EnrolmentID, Amount: ledger.MustMoney(amount)}}})
			})
		}
		close(start)
		wg.Wait()
		drawn := 0
		for i, err := range errs {
			switch {
			case err == nil:
				drawn++
			case ledger.ErrorCode(err) == ledger.EConflict || ledger.ErrorCode(err) == ledger.EInvalid:
				t.Logf("drawdown %d refused: %v", i, err)
			default:
				t.Fatalf("drawdown %d: %v", i, err)
			}
		}
		var total int64
		if err := db.Get(context.Background(), &total, `SELECT COALESCE(SUM(amount), 0) FROM guarantee_drawdowns WHERE guarantee_id = ?`, g); err != nil {
			t.Fatal(err)
		}
		if drawn != 1 || total > 800000 {
			t.Fatalf("%d drawdowns drawn, ¥%s in all, on a ¥8,000 guarantee (%v)", drawn, ledger.Money(total), errs)
		}
	})
}
