package httpapi_test

// Load (issue 16, item 20): concurrent clients send a mixed workload over
// real HTTP to the router on PostgreSQL for a while; every answer must be
// one the workload expects, and the benchmark prints the throughput and
// p50/p99 per endpoint. `make bench` runs it at full size:
//
//	WAGEGUARD_LOAD_CLIENTS=200  concurrent clients
//	WAGEGUARD_LOAD_SECONDS=60   how long they run
//	WAGEGUARD_LOAD_WORKERS=200  workers on the project's approved payroll

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// loadClient is a plain HTTP client of the server under load.
type loadClient struct {
	b    testing.TB
	base string
	http *http.Client
}

func (c *loadClient) send(method, path, key, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// must sends a JSON body (or none) during setup and decodes the answer.
func (c *loadClient) must(want int, method, path, key string, body any) map[string]any {
	c.b.Helper()
	var raw []byte
	ct := ""
	if body != nil {
		raw, _ = json.Marshal(body)
		ct = "application/json"
	}
	st, out, err := c.send(method, path, key, ct, raw)
	if err != nil || st != want {
		c.b.Fatalf("%s %s: %d %v: %s", method, path, st, err, out)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		c.b.Fatalf("%s %s: %v", method, path, err)
	}
	return m
}

// loadSite is the project the clients work on.
type loadSite struct {
	admin, gcKey, bankKey, gc, bank, project, account string
	enrs, instructions, amounts                       []string
}

func setupLoad(b testing.TB, c *loadClient, svc *service.Service, workers int) *loadSite {
	k, err := svc.CreateAPIKey(service.WithCaller(context.Background(), service.CLI), nil, ledger.RoleAdmin, "load admin", "")
	if err != nil {
		b.Fatal(err)
	}
	s := &loadSite{admin: k.Key}
	org := func(kind ledger.OrgKind, n int) string {
		return c.must(201, "POST", "/api/v1/organizations", s.admin, map[string]any{"name": fmt.Sprintf("%s %d", kind, n),
			"uscc": benchUSCC(n), "kind": kind, "region_code": "110105"})["id"].(string)
	}
	owner := org(ledger.OrgOwner, 1)
	s.gc, s.bank = org(ledger.OrgGeneralContractor, 2), org(ledger.OrgBank, 3)
	s.gcKey = c.must(201, "POST", "/api/v1/organizations/"+s.gc+"/keys", s.admin, map[string]any{"role": "contractor", "label": "gc"})["key"].(string)
	s.bankKey = c.must(201, "POST", "/api/v1/organizations/"+s.bank+"/keys", s.admin, map[string]any{"role": "bank", "label": "bank"})["key"].(string)
	s.account = "1100000000000077"
	s.project = c.must(201, "POST", "/api/v1/projects", s.admin, map[string]any{"code": "LOAD-1", "name": "负载", "region_code": "110105",
		"owner_id": owner, "general_contractor_id": s.gc, "contract_amount": "12000000.00", "started_on": "2026-03-01",
		"planned_completion_on": "2027-06-30", "pay_day": 15, "labour_cost_cycle_days": 30,
		"wage_account": map[string]any{"bank_id": s.bank, "account_no": s.account}})["id"].(string)
	var lines []map[string]string
	for i := 0; i < workers; i++ {
		id := ledger.CompleteResidentID(fmt.Sprintf("11010519900101%03d", i%1000))
		card := ledger.CompleteBankCard(fmt.Sprintf("622202%012d", i+1))
		name := "工人" + string(rune('甲'+i%50)) + string(rune('乙'+i/50%50))
		enr := c.must(201, "POST", "/api/v1/projects/"+s.project+"/workers", s.gcKey, map[string]any{"name": name, "id_number": id,
			"phone": fmt.Sprintf("139%08d", i), "employer_id": s.gc, "team": "钢筋班", "trade": "钢筋工", "bank_card": card, "bank_id": s.bank,
			"contract_kind": "labour_contract", "contract_signed_on": "2026-03-01", "entered_on": "2026-03-02"})["id"].(string)
		s.enrs = append(s.enrs, enr)
		net := fmt.Sprintf("%d.00", 4000+i)
		lines = append(lines, map[string]string{"id_number": id, "name": name, "days_worked": "22", "gross_pay": net, "deductions": "0",
			"net_pay": net, "bank_card": card, "confirmed": "yes"})
	}
	payroll := c.must(201, "POST", "/api/v1/projects/"+s.project+"/payrolls", s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-10", "lines": lines})["id"].(string)
	officer := c.must(201, "POST", "/api/v1/organizations/"+s.gc+"/keys", s.admin, map[string]any{"role": "contractor", "label": "wage officer"})["key"].(string)
	c.must(200, "POST", "/api/v1/payrolls/"+payroll+"/approve", officer, nil) // four-eyes: not the submitting key
	for _, it := range c.must(200, "GET", "/api/v1/payrolls/"+payroll+"/instructions?limit=1000", s.gcKey, nil)["items"].([]any) {
		in := it.(map[string]any)
		s.instructions, s.amounts = append(s.instructions, in["id"].(string)), append(s.amounts, in["amount"].(string))
	}
	return s
}

func benchUSCC(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := fmt.Sprintf("91110105MA%07d", n)
	sum := 0
	for i, ch := range []byte(body) {
		sum += strings.IndexByte(alphabet, ch) * weights[i]
	}
	return body + string(alphabet[(31-sum%31)%31])
}

// loadOp is one endpoint of the mix: it sends a request and says whether
// the answer is one the workload expects.
type loadOp struct {
	name   string
	weight int
	do     func(c *loadClient, rng *rand.Rand, n int64) (int, bool)
}

func loadOps(s *loadSite, counter *atomic.Int64) []loadOp {
	get := func(path, key string) func(*loadClient, *rand.Rand, int64) (int, bool) {
		return func(c *loadClient, _ *rand.Rand, _ int64) (int, bool) {
			st, _, err := c.send("GET", path, key, "", nil)
			return st, err == nil && st == 200
		}
	}
	send := func(c *loadClient, path, key string, body any, ok ...int) (int, bool) {
		raw, _ := json.Marshal(body)
		st, _, err := c.send("POST", path, key, "application/json", raw)
		if err != nil {
			return 0, false
		}
		for _, o := range ok {
			if st == o {
				return st, true
			}
		}
		return st, false
	}
	return []loadOp{
		{"GET reconciliation", 3, get("/api/v1/projects/"+s.project+"/reconciliation?period=2026-10", s.gcKey)},
		{"GET statement", 4, func(c *loadClient, rng *rand.Rand, _ int64) (int, bool) {
			return get("/api/v1/workers/"+s.enrs[rng.IntN(len(s.enrs))]+"/statement", s.gcKey)(c, rng, 0)
		}},
		{"GET workers", 2, get("/api/v1/projects/"+s.project+"/workers?limit=100", s.gcKey)},
		{"GET bank instructions", 2, get("/api/v1/bank/instructions?status=pending&limit=100", s.bankKey)},
		{"POST attendance", 4, func(c *loadClient, rng *rand.Rand, n int64) (int, bool) {
			day := fmt.Sprintf("2026-10-%02d", 1+n%28)
			return send(c, "/api/v1/projects/"+s.project+"/attendance", s.gcKey,
				[]map[string]any{{"enrolment_id": s.enrs[rng.IntN(len(s.enrs))], "date": day, "hours": "8"}}, 200, 201)
		}},
		{"POST inflow", 1, func(c *loadClient, _ *rand.Rand, n int64) (int, bool) {
			return send(c, "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "1000.00",
				"received_on": "2026-10-30", "bank_ref": fmt.Sprintf("LOAD-IN-%d", n), "payer": "建设单位"}, 201)
		}},
		{"POST confirmation", 3, func(c *loadClient, rng *rand.Rand, _ int64) (int, bool) {
			// Each instruction paid once; later confirmations of it are retries
			// (already_applied), which a bank sends too.
			i := int(counter.Add(1)-1) % len(s.instructions)
			return send(c, "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": []map[string]any{{"instruction_id": s.instructions[i],
				"status": "paid", "amount": s.amounts[i], "bank_ref": "LOAD-P-" + s.instructions[i], "settled_on": "2026-11-10"}}}, 200)
		}},
	}
}

func BenchmarkLoadMixed(b *testing.B) {
	all, elapsed := runLoad(b, envInt("WAGEGUARD_LOAD_CLIENTS", 200), envInt("WAGEGUARD_LOAD_SECONDS", 60), envInt("WAGEGUARD_LOAD_WORKERS", 200))
	b.ReportMetric(float64(all)/elapsed.Seconds(), "req/s")
}

// TestLoadMixedShort is the load's short form that make test (and so
// .ci/run) runs: 20 clients for 5 seconds on PostgreSQL, every answer one
// the workload expects and the ledger verified after; make bench runs the
// full size.
func TestLoadMixedShort(t *testing.T) {
	runLoad(t, 20, 5, 40)
}

// runLoad sends the mixed workload from clients for seconds and fails on
// any answer the workload does not expect; it returns the requests sent and
// the time they took.
func runLoad(b testing.TB, clients, seconds, workers int) (int, time.Duration) {
	db := storetest.New(b, store.Postgres.Name)
	keys, err := identity.Generate()
	if err != nil {
		b.Fatal(err)
	}
	svc := service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	svc.Identity = keys
	api := httpapi.New(svc, httpapi.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Ready: db.Ping})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	c := &loadClient{b: b, base: srv.URL, http: &http.Client{Transport: tr, Timeout: time.Minute}}
	site := setupLoad(b, c, svc, workers)
	var counter, seq atomic.Int64
	ops := loadOps(site, &counter)
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	type sample struct {
		op  int
		dur time.Duration
	}
	var mu sync.Mutex
	samples := make([][]time.Duration, len(ops))
	unexpected := map[string]int{}
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	if bb, ok := b.(*testing.B); ok {
		bb.ResetTimer()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			var mine []sample
			for time.Now().Before(deadline) {
				pick := rng.IntN(total)
				i := 0
				for ; pick >= ops[i].weight; i++ {
					pick -= ops[i].weight
				}
				t0 := time.Now()
				st, ok := ops[i].do(c, rng, seq.Add(1))
				mine = append(mine, sample{i, time.Since(t0)})
				if !ok {
					mu.Lock()
					unexpected[fmt.Sprintf("%s → %d", ops[i].name, st)]++
					mu.Unlock()
				}
			}
			mu.Lock()
			for _, s := range mine {
				samples[s.op] = append(samples[s.op], s.dur)
			}
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if bb, ok := b.(*testing.B); ok {
		bb.StopTimer()
	}
	all := printLoad(ops, samples, elapsed, clients, workers)
	if len(unexpected) > 0 {
		b.Fatalf("unexpected answers under load: %v", unexpected)
	}
	ctx := context.Background()
	if rep, err := db.VerifyLedger(ctx); err != nil || len(rep.Discrepancies) != 0 {
		b.Fatalf("ledger verify after the load: %v %+v", err, rep)
	}
	return all, elapsed
}

// printLoad prints the throughput and p50/p99 of each endpoint and returns
// the number of requests.
func printLoad(ops []loadOp, samples [][]time.Duration, elapsed time.Duration, clients, workers int) int {
	var all int
	var report strings.Builder
	fmt.Fprintf(&report, "load: %d clients, %s, %d workers on PostgreSQL\n", clients, elapsed.Round(time.Millisecond), workers)
	fmt.Fprintf(&report, "  %-24s %8s %9s %9s %9s\n", "endpoint", "requests", "req/s", "p50", "p99")
	for i, o := range ops {
		d := samples[i]
		all += len(d)
		sort.Slice(d, func(a, b int) bool { return d[a] < d[b] })
		fmt.Fprintf(&report, "  %-24s %8d %9.1f %9s %9s\n", o.name, len(d), float64(len(d))/elapsed.Seconds(), quantile(d, 0.50), quantile(d, 0.99))
	}
	fmt.Fprintf(&report, "  %-24s %8d %9.1f\n", "all", all, float64(all)/elapsed.Seconds())
	fmt.Print(report.String())
	return all
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))].Round(10 * time.Microsecond)
}
