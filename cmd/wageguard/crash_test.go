package main

// Crash safety (issue 16, item 18): the real binary, killed with SIGKILL at
// random points during uploads, approvals and bank result files, restarted,
// and every request retried with its Idempotency-Key until it answers. The
// books must converge to one result with nothing partial: ledger verify and
// audit verify pass, and the totals equal those of the same workload run
// without a crash.
//
//	WAGEGUARD_CRASH_KILLS=N    kills to aim for per run (default 4; make soak: many)
//	WAGEGUARD_CRASH_WORKERS=N  workers on the payroll (default 60)
//	WAGEGUARD_CRASH_SEED=S     replay one run's kill points

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func crashEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= 0 {
		return v
	}
	return def
}

func TestCrashSafetyConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	kills := crashEnvInt("WAGEGUARD_CRASH_KILLS", 4)
	workers := crashEnvInt("WAGEGUARD_CRASH_WORKERS", 60)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("WAGEGUARD_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	bin := buildBinary(t, t.TempDir())
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			clean := crashRun(t, bin, dialect, workers, 0, seed)
			crashed := crashRun(t, bin, dialect, workers, kills, seed)
			if t.Failed() {
				t.Logf("replay: WAGEGUARD_CRASH_SEED=%d WAGEGUARD_CRASH_KILLS=%d WAGEGUARD_CRASH_WORKERS=%d go test -count=1 -run 'TestCrashSafetyConverges/%s' ./cmd/wageguard/",
					seed, kills, workers, dialect)
				return
			}
			if clean.String() != crashed.String() {
				t.Errorf("the books after %d kills differ from the run without a crash:\n crashed %s\n clean   %s", crashed.kills, crashed, clean)
			}
			t.Logf("%d kills (%d cut a request off), %d retries: %s", crashed.kills, crashed.interrupted, crashed.retries, crashed)
		})
	}
}

// crashTotals is what a run ends with, free of its generated IDs.
type crashTotals struct {
	figures                 map[string]string // reconciliation figures
	workers, lines, applied int
	kills, interrupted      int
	retries                 int
}

func (c crashTotals) String() string {
	var keys []string
	for k := range c.figures {
		keys = append(keys, k)
	}
	sortStrings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s ", k, c.figures[k])
	}
	fmt.Fprintf(&b, "workers=%d lines=%d applied=%d", c.workers, c.lines, c.applied)
	return b.String()
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// crashServer is one binary's serve, started again after each kill.
type crashServer struct {
	t      *testing.T
	bin    string
	env    map[string]string
	mu     sync.Mutex
	cmd    *exec.Cmd
	addr   string
	done   chan struct{}
	logs   bytes.Buffer
	rng    *rand.Rand
	kills  int // kills still to make
	killed int // kills made
	// interrupted counts the kills that cut a request off before its answer.
	interrupted int
	restarts    int
	retries     int
	took        map[string]time.Duration // how long each path took when it last answered
	client      *http.Client
}

func (s *crashServer) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, "serve")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + s.t.TempDir()}
	for k, v := range s.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	addr := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			s.mu.Lock()
			s.logs.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if m := servingAddr.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		cmd.Wait()
		close(done)
	}()
	select {
	case a := <-addr:
		s.mu.Lock()
		s.cmd, s.addr, s.done = cmd, a, done
		s.mu.Unlock()
	case <-done:
		s.t.Fatalf("serve exited at start:\n%s", s.logText())
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		s.t.Fatalf("serve did not start within 60 s:\n%s", s.logText())
	}
}

func (s *crashServer) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

func (s *crashServer) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return false
	}
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// kill sends SIGKILL and waits until the process is gone.
func (s *crashServer) kill() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
}

// stop ends serve cleanly (SIGTERM), so that it seals its audit queue.
func (s *crashServer) stop() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.t.Errorf("serve still runs 30 s after SIGTERM")
		s.kill()
	}
}

// call sends one request until it answers: a connection lost to a kill, or
// a 503 while the server comes back, is retried with the same
// Idempotency-Key on a restarted server. mayKill arms a SIGKILL at a random
// moment of the request while kills remain.
func (s *crashServer) call(method, path, key, idem, contentType string, body []byte, mayKill bool) (int, []byte) {
	s.t.Helper()
	for attempt := 0; ; attempt++ {
		if attempt > 50 {
			s.t.Fatalf("%s %s did not answer after 50 attempts:\n%s", method, path, s.logText())
		}
		if attempt > 0 {
			s.retries++
		}
		if !s.running() {
			s.restarts++
			s.start()
		}
		var armed *time.Timer
		if mayKill && s.kills > 0 && s.rng.IntN(3) > 0 {
			// Somewhere within the time the last request took, so that the
			// kill lands inside the work more often than after it.
			window := 200 * time.Millisecond
			if d, ok := s.took[path]; ok {
				window = max(time.Millisecond, d)
			}
			armed = time.AfterFunc(time.Duration(s.rng.Int64N(int64(window))), s.kill)
		}
		req, err := http.NewRequest(method, "http://"+s.addr+path, bytes.NewReader(body))
		if err != nil {
			s.t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+key)
		if idem != "" {
			req.Header.Set("Idempotency-Key", idem)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		began := time.Now()
		resp, err := s.client.Do(req)
		var out []byte
		if err == nil {
			out, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if err == nil {
			s.took[path] = time.Since(began)
		}
		if armed != nil && !armed.Stop() {
			s.kill() // the kill fired: make sure the process is gone before restarting
			s.kills--
			s.killed++
			if err != nil {
				s.interrupted++
			}
		}
		if err != nil {
			if s.running() {
				s.t.Fatalf("%s %s: %v while the server runs", method, path, err)
			}
			continue
		}
		switch {
		case resp.StatusCode == http.StatusServiceUnavailable:
			time.Sleep(100 * time.Millisecond)
			continue
		case resp.StatusCode >= 500:
			s.t.Fatalf("%s %s (attempt %d): %d %s", method, path, attempt+1, resp.StatusCode, out)
		}
		return resp.StatusCode, out
	}
}

// must calls and requires one of the statuses, returning the JSON object.
func (s *crashServer) must(method, path, key, idem string, body any, mayKill bool, want ...int) map[string]any {
	s.t.Helper()
	var raw []byte
	ct := ""
	switch b := body.(type) {
	case nil:
	case multipartBody:
		raw, ct = b.data, b.contentType
	default:
		raw, _ = json.Marshal(b)
		ct = "application/json"
	}
	st, out := s.call(method, path, key, idem, ct, raw, mayKill)
	ok := false
	for _, w := range want {
		ok = ok || st == w
	}
	if !ok {
		s.t.Fatalf("%s %s: %d, want %v: %s", method, path, st, want, out)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		s.t.Fatalf("%s %s: %v: %s", method, path, err, out)
	}
	return m
}

type multipartBody struct {
	data        []byte
	contentType string
}

func fileBody(name string, content []byte, fields map[string]string) multipartBody {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	return multipartBody{b.Bytes(), mw.FormDataContentType()}
}

// crashUSCC is a valid credit code for n.
func crashUSCC(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := fmt.Sprintf("91110105MA%07d", n)
	sum := 0
	for i, c := range []byte(body) {
		sum += strings.IndexByte(alphabet, c) * weights[i]
	}
	return body + string(alphabet[(31-sum%31)%31])
}

// crashRun runs the workload once on a fresh database, aiming kills SIGKILLs
// at its uploads, approval and bank result files, and returns its totals.
func crashRun(t *testing.T, bin, dialect string, workers, kills int, seed uint64) crashTotals {
	t.Helper()
	dir := t.TempDir()
	_, dbURL := emptyDatabase(t, dialect, dir)
	keyFile := filepath.Join(dir, "wageguard.key")
	if code, _, stderr := binary(t, bin, nil, "keys", "init-secret", keyFile); code != 0 {
		t.Fatalf("init-secret: %s", stderr)
	}
	env := map[string]string{"WAGEGUARD_DATABASE_URL": dbURL, "WAGEGUARD_SECRET_KEY_FILE": keyFile, "WAGEGUARD_ADDR": "127.0.0.1:0"}
	if code, _, stderr := binary(t, bin, env, "migrate"); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	code, out, stderr := binary(t, bin, env, "keys", "create", "--role", "admin")
	if code != 0 {
		t.Fatalf("keys create: %s", stderr)
	}
	admin := strings.TrimSpace(out)
	s := &crashServer{t: t, bin: bin, env: env, rng: rand.New(rand.NewPCG(seed, uint64(kills))), kills: kills,
		took: map[string]time.Duration{}, client: &http.Client{Timeout: 2 * time.Minute}}
	t.Cleanup(s.kill)
	s.start()
	run := crashWorkload{s: s, admin: admin, workers: workers}
	run.setup()
	run.payroll()
	run.bankFacts()
	totals := run.totals()
	s.stop()
	for _, args := range [][]string{{"ledger", "verify"}, {"audit", "verify"}} {
		if code, out, stderr := binary(t, bin, env, args...); code != 0 {
			t.Errorf("%v after %d kills: %d\n%s%s", args, s.killed, code, out, stderr)
		}
	}
	totals.kills, totals.interrupted, totals.retries = s.killed, s.interrupted, s.retries
	return totals
}

// crashWorkload is the sequence of requests, each with its own
// Idempotency-Key, named by its step so that a retry reuses it.
type crashWorkload struct {
	s                          *crashServer
	admin, gcKey, bankKey      string
	gc, bank, project, account string
	payrollID                  string
	workers                    int
	ids, names, cards          []string
	instructions               []map[string]any
}

func (w *crashWorkload) setup() {
	s := w.s
	org := func(kind string, n int) string {
		return s.must("POST", "/api/v1/organizations", w.admin, "org-"+kind, map[string]any{"name": kind + " 甲", "uscc": crashUSCC(n),
			"kind": kind, "region_code": "110105"}, false, 201)["id"].(string)
	}
	owner, gc, bank := org("owner", 1), org("general_contractor", 2), org("bank", 3)
	w.gc, w.bank = gc, bank
	w.gcKey = s.must("POST", "/api/v1/organizations/"+gc+"/keys", w.admin, "key-gc", map[string]any{"role": "contractor", "label": "gc"}, false, 201)["key"].(string)
	w.bankKey = s.must("POST", "/api/v1/organizations/"+bank+"/keys", w.admin, "key-bank", map[string]any{"role": "bank", "label": "bank"}, false, 201)["key"].(string)
	w.account = "1100000000000001"
	w.project = s.must("POST", "/api/v1/projects", w.admin, "project", map[string]any{"code": "CRASH-1", "name": "崩溃测试", "region_code": "110105",
		"owner_id": owner, "general_contractor_id": gc, "contract_amount": "12000000.00", "started_on": "2026-03-01",
		"planned_completion_on": "2027-06-30", "pay_day": 15, "labour_cost_cycle_days": 30,
		"wage_account": map[string]any{"bank_id": bank, "account_no": w.account}}, false, 201)["id"].(string)
	var csv strings.Builder
	csv.WriteString("name,id_number,phone,employer_id,team,trade,bank_card,bank_id,contract_kind,contract_signed_on,entered_on\n")
	for i := 0; i < w.workers; i++ {
		id := ledger.CompleteResidentID(fmt.Sprintf("11010519900101%03d", i))
		card := ledger.CompleteBankCard(fmt.Sprintf("622202%012d", i+1))
		name := "工人" + string(rune('甲'+i%50)) + string(rune('乙'+i/50%50))
		w.ids, w.names, w.cards = append(w.ids, id), append(w.names, name), append(w.cards, card)
		fmt.Fprintf(&csv, "%s,%s,139%08d,%s,钢筋班,钢筋工,%s,%s,labour_contract,2026-03-01,2026-03-02\n", name, id, i, gc, card, bank)
	}
	s.must("POST", "/api/v1/projects/"+w.project+"/workers/import", w.gcKey, "workers-import", fileBody("workers.csv", []byte(csv.String()), nil), true, 200, 201)
}

func (w *crashWorkload) payroll() {
	s := w.s
	var lines []map[string]string
	for i := range w.ids {
		net := fmt.Sprintf("%d.%02d", 3000+i, i%100)
		lines = append(lines, map[string]string{"id_number": w.ids[i], "name": w.names[i], "days_worked": "22", "gross_pay": net,
			"deductions": "0", "net_pay": net, "bank_card": w.cards[i], "confirmed": "yes"})
	}
	w.payrollID = s.must("POST", "/api/v1/projects/"+w.project+"/payrolls", w.gcKey, "payroll-upload",
		map[string]any{"employer_id": w.gc, "period": "2026-10", "lines": lines}, true, 200, 201)["id"].(string)
	s.must("POST", "/api/v1/payrolls/"+w.payrollID+"/approve", w.gcKey, "payroll-approve", nil, true, 200)
	for _, it := range s.must("GET", "/api/v1/payrolls/"+w.payrollID+"/instructions?limit=1000", w.gcKey, "", nil, false, 200)["items"].([]any) {
		w.instructions = append(w.instructions, it.(map[string]any))
	}
	if len(w.instructions) != w.workers {
		s.t.Fatalf("%d instructions for %d lines", len(w.instructions), w.workers)
	}
}

// bankFacts: an allocation, then result files of ten rows each: most paid,
// every seventh failed; then files returning every fifth of the paid.
func (w *crashWorkload) bankFacts() {
	s := w.s
	s.must("POST", "/api/v1/bank/inflows", w.bankKey, "inflow", map[string]any{"account_no": w.account, "amount": "500000.00",
		"received_on": "2026-10-30", "bank_ref": "IN-1", "payer": "建设单位"}, true, 201)
	const header = "instruction_id,bank_ref,status,amount,settled_on,reason\n"
	var results, returns []string
	for i, in := range w.instructions {
		switch {
		case i%7 == 3:
			results = append(results, fmt.Sprintf("%s,R-%d,failed,,2026-11-10,账户已销户\n", in["id"], i))
		default:
			results = append(results, fmt.Sprintf("%s,R-%d,paid,%s,2026-11-10,\n", in["id"], i, in["amount"]))
			if i%5 == 0 {
				returns = append(returns, fmt.Sprintf("%s,T-%d,returned,%s,2026-11-12,退票\n", in["id"], i, in["amount"]))
			}
		}
	}
	n := 0
	for _, rows := range [][]string{results, returns} {
		for len(rows) > 0 {
			chunk := rows[:min(10, len(rows))]
			rows = rows[len(chunk):]
			n++
			s.must("POST", "/api/v1/bank/confirmations", w.bankKey, fmt.Sprintf("result-file-%d", n),
				fileBody(fmt.Sprintf("result-%d.csv", n), []byte(header+strings.Join(chunk, "")), nil), true, 200, 201)
		}
	}
}

func (w *crashWorkload) totals() crashTotals {
	s := w.s
	rec := s.must("GET", "/api/v1/projects/"+w.project+"/reconciliation?period=2026-10", w.gcKey, "", nil, false, 200)
	c := crashTotals{figures: map[string]string{}}
	for _, k := range []string{"owed", "paid", "failed", "unpaid", "allocations", "wage_account_balance", "ties_out"} {
		c.figures[k] = fmt.Sprint(rec[k])
	}
	c.workers = len(s.must("GET", "/api/v1/projects/"+w.project+"/workers?limit=1000", w.gcKey, "", nil, false, 200)["items"].([]any))
	d := s.must("GET", "/api/v1/payrolls/"+w.payrollID, w.gcKey, "", nil, false, 200)
	c.lines = len(d["lines"].([]any))
	for _, it := range s.must("GET", "/api/v1/payrolls/"+w.payrollID+"/instructions?limit=1000", w.gcKey, "", nil, false, 200)["items"].([]any) {
		if st := it.(map[string]any)["status"]; st == "paid" {
			c.applied++
		}
	}
	return c
}
