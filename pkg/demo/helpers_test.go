package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/demo"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func init() { gin.SetMode(gin.ReleaseMode) } // the router's route listing is noise here

// loaded is a demo loaded into a fresh database of one dialect.
type loaded struct {
	db  *store.DB
	svc *service.Service
	res *demo.Result
}

func load(t testing.TB, dialect string, opt demo.Options) *loaded {
	t.Helper()
	return loadWith(t, dialect, opt, 0)
}

// loadWith is load with the nightly check reading and writing checkBatch
// projects at once (its own choice when 0).
func loadWith(t testing.TB, dialect string, opt demo.Options, checkBatch int) *loaded {
	t.Helper()
	clock := demo.NewClock(time.Now())
	db := storetest.New(t, dialect, store.WithClock(clock.Now))
	keys, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, nil)
	svc.Identity, svc.CheckBatchSize = keys, checkBatch
	svc.Policy = demoPolicy(t)
	res, err := demo.Load(context.Background(), svc, clock, opt)
	if err != nil {
		t.Fatal(err)
	}
	return &loaded{db: db, svc: svc, res: res}
}

// demoPolicy is the built-in policy with Beijing's monthly minimum wage
// (examples/policy.json has it), which below_minimum_wage needs.
func demoPolicy(t testing.TB) *ledger.Policy {
	t.Helper()
	p, err := ledger.ParsePolicy([]byte(`{"minimum_wages": [{"region": "110000", "from": "2025-01-01", "source": "京人社 2025", "monthly": "2540.00"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func day(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
