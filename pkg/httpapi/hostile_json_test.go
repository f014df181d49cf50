package httpapi_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// peakHeap samples the heap while fn runs and returns its peak above what
// it was before. The collector runs at GOGC=5 meanwhile: at the default
// 100, garbage may pile up to the size of the live heap before it is
// collected, and the live heap of a whole package's run (one CI failure
// measured 9 MB against a limit of 8) is not what fn holds.
func peakHeap(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	base, peak := m.HeapAlloc, m.HeapAlloc
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	}()
	fn()
	close(done)
	<-sampled
	return peak - base
}

// sendRaw posts body as JSON through the real router and returns the
// status, what the request allocated and how long it took. It does not
// check the contract: the bodies are built to be refused.
func sendRaw(e *env, path, key string, body []byte) (int, string, uint64, time.Duration) {
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	e.api.Handler().ServeHTTP(w, req)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return w.Code, w.Body.String(), after.TotalAlloc - before.TotalAlloc, took
}

// Issue 16, item 1: JSON bodies of the file routes were read and decoded
// whole before any limit was checked. Not parallel: it measures what one
// request allocates, which other tests running beside it would blur.
func TestLargeJSONBodiesAreStreamed(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := newPaidSite(t, storetest.New(t, d), 1)
			s.api = httpapi.New(s.svc, httpapi.Options{FileLimits: payrollfile.Limits{MaxRows: 1000}})

			// 1,001 lines (the limit is 1,000) followed by 99,000 more.
			line := fmt.Sprintf(`{"id_number":"110105199001010011","name":"工人","days_worked":"22","gross_pay":"6000.00","deductions":"0","net_pay":"6000.00","bank_card":"6222021000000000017","confirmed":"yes"}`)
			body := []byte(`{"employer_id":"` + s.gc + `","period":"2026-11","lines":[` + strings.TrimSuffix(strings.Repeat(line+",", 100000), ",") + `]}`)
			status, answer, alloc, took := sendRaw(s.env, s.path("/payrolls"), s.gcKey, body)
			t.Logf("payroll of 100,000 lines (%d MB), limit 1,000: %d in %v, allocated %d MB: %.200s", len(body)>>20, status, took, alloc>>20, answer)
			if status != 413 || !strings.Contains(answer, `"code":"too_large"`) || !strings.Contains(answer, " 1000 ") {
				t.Errorf("lines past the limit: %d %s", status, answer)
			}
			if alloc > 16<<20 {
				t.Errorf("refusing lines past the limit allocated %d MB, want under 16", alloc>>20)
			}

			// 60,000 lines whose last holds a JSON number for money: the
			// refusal names it, without decoding the body as a whole. Read
			// whole, the 10 MB body alone would be more than the limit, and
			// its lines decoded some 20 MB more.
			s.api = httpapi.New(s.svc, httpapi.Options{})
			bad := strings.Replace(line, `"6000.00"`, `6000`, 1)
			body = []byte(`{"employer_id":"` + s.gc + `","period":"2026-11","lines":[` + strings.Repeat(line+",", 59999) + bad + `]}`)
			peak := peakHeap(func() { status, answer, alloc, took = sendRaw(s.env, s.path("/payrolls"), s.gcKey, body) })
			t.Logf("payroll of 60,000 lines (%d MB), last one bad: %d in %v, allocated %d MB, peak heap %d MB: %.200s", len(body)>>20, status, took, alloc>>20, peak>>20, answer)
			if peak > 8<<20 {
				t.Errorf("reading 60,000 lines held %d MB at its peak, want under 8: memory follows a line, not the body", peak>>20)
			}
			if status != 422 || !strings.Contains(answer, `"row":60000`) && !strings.Contains(answer, `lines[59999].gross_pay`) {
				t.Errorf("a bad last line: %d %.400s", status, answer)
			}

			// 10,001 confirmation items (the limit is 10,000) and 190,000 more.
			item := `{"instruction_id":"` + s.ins[0] + `","status":"paid","amount":"1.00","bank_ref":"R","settled_on":"2026-11-10"}`
			body = []byte(`{"items":[` + strings.TrimSuffix(strings.Repeat(item+",", 200000), ",") + `]}`)
			status, answer, alloc, took = sendRaw(s.env, "/api/v1/bank/confirmations", s.bankKey, body)
			t.Logf("200,000 confirmation items (%d MB), limit 10,000: %d in %v, allocated %d MB: %.200s", len(body)>>20, status, took, alloc>>20, answer)
			if status != 413 {
				t.Errorf("items past the limit: %d %.300s", status, answer)
			}
			if alloc > 64<<20 {
				t.Errorf("refusing items past the limit allocated %d MB, want under 64", alloc>>20)
			}
		})
	}
}
