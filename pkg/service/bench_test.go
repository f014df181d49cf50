package service_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// benchSite is a project with a GC and a bank on a fresh PostgreSQL database.
type benchSite struct {
	db      *store.DB
	svc     *service.Service
	ctx     context.Context
	project string
	gc      string
	bank    string
}

func newBenchSite(b *testing.B) *benchSite { b.Helper(); return newBenchSiteOn(b, "postgres") }

// newBenchSiteOn is newBenchSite on the named dialect.
func newBenchSiteOn(b *testing.B, dialect string) *benchSite {
	b.Helper()
	s := newSite(b, storetest.New(b, dialect))
	return &benchSite{db: s.db, svc: s.svc, ctx: s.ctx, project: s.project, gc: s.gc, bank: s.bank}
}

func benchUSCC(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := fmt.Sprintf("91110105MA%07d", n)
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(alphabet, body[i]) * weights[i]
	}
	return body + string(alphabet[(31-sum%31)%31])
}

func workerID(i int) string {
	return ledger.CompleteResidentID(fmt.Sprintf("110105%08d%03d", 19700101+(i/1000)*10000, i%1000))
}
func workerCard(i int) string {
	return ledger.CompleteBankCard(fmt.Sprintf("622202%012d", i))
}

func rosterCSV(n int, bank string) []byte {
	var b bytes.Buffer
	b.WriteString("姓名,身份证号,手机号,班组,工种,银行卡号,开户行,合同签订日期,进场日期\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s,%s,139%08d,班组%d,钢筋工,%s,%s,2025-01-01,2025-01-02\n",
			rosterName(i), workerID(i), i, i%20, workerCard(i), bank)
	}
	return b.Bytes()
}

func upload(data []byte, name string) service.Upload {
	sum := sha256.Sum256(data)
	return service.Upload{Body: bytes.NewReader(data), Name: name, SHA256: hex.EncodeToString(sum[:]), Head: data[:min(512, len(data))]}
}

// peakHeap samples the heap while fn runs and returns the highest figure.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// copyRows is the baseline: raw PostgreSQL COPY of rows into table, no checks.
func copyRows(b *testing.B, db *store.DB, table string, cols []string, rows [][]any) time.Duration {
	b.Helper()
	start := time.Now()
	err := db.WithTx(context.Background(), func(tx *store.Tx) error {
		return store.CopyIn(tx, table, cols, rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkImportWorkers imports 10,000 workers from one CSV on PostgreSQL and
// compares the rate with a raw COPY of the same rows into the same tables.
func BenchmarkImportWorkers(b *testing.B) {
	const n = 10000
	for i := 0; i < b.N; i++ {
		s := newBenchSite(b)
		data := rosterCSV(n, s.bank)
		var took time.Duration
		var err error
		heap := peakHeap(func() {
			start := time.Now()
			_, _, err = s.svc.ImportWorkers(s.ctx, s.project, upload(data, "roster.csv"), false)
			took = time.Since(start)
		})
		if err != nil {
			b.Fatal(err)
		}
		// The baseline writes the same three tables with COPY, on a fresh database.
		base := newBenchSite(b)
		var ids, enrs, dets [][]any
		now := time.Now().UTC()
		for j := 0; j < n; j++ {
			wid, eid := fmt.Sprintf("wkr_b%015d", j), fmt.Sprintf("enr_b%015d", j)
			enc := strings.Repeat("x", 60)
			ids = append(ids, []any{wid, fmt.Sprintf("%064d", j), enc, "1101**********0000", "工人", "male", "1990-01", now})
			enrs = append(enrs, []any{base.project, eid, wid, "工人", "1101**********0000", base.gc, "班组", "钢筋工", "labour_contract", "2025-01-01", "2025-01-02",
				nil, enc, fmt.Sprintf("%064d", j), "6222 **** **** 0000", base.bank, enc, "139****0000", now, now})
			dets = append(dets, []any{base.project, eid, 1, "bank_card", enc, fmt.Sprintf("%064d", j), "6222 **** **** 0000", base.bank, now},
				[]any{base.project, eid, 2, "phone", enc, "", "139****0000", nil, now})
		}
		copyTook := copyRows(b, base.db, "worker_identities", []string{"id", "id_number_index", "id_number_enc", "id_number_masked", "name", "gender", "birth_month", "created_at"}, ids)
		copyTook += copyRows(b, base.db, "enrolments", []string{"project_id", "id", "worker_id", "name", "id_number_masked", "employer_id", "team", "trade",
			"contract_kind", "contract_signed_on", "entered_on", "exited_on", "bank_card_enc", "bank_card_index", "bank_card_masked", "bank_id",
			"phone_enc", "phone_masked", "created_at", "updated_at"}, enrs)
		copyTook += copyRows(b, base.db, "enrolment_details", []string{"project_id", "enrolment_id", "seq", "field", "value_enc", "value_index", "value_masked", "bank_id", "valid_from"}, dets)
		rate, copyRate := float64(n)/took.Seconds(), float64(n)/copyTook.Seconds()
		b.ReportMetric(rate, "rows/s")
		b.ReportMetric(copyRate, "copy_rows/s")
		b.ReportMetric(rate/copyRate, "ratio_to_copy")
		b.ReportMetric(float64(heap)/(1<<20), "peak_heap_MB")
		fmt.Printf("\nworker import:     %6d rows in %v = %8.0f rows/s; raw COPY %8.0f rows/s; ratio %.2f (target ≥ 0.25); peak heap %.0f MB\n",
			n, took.Round(time.Millisecond), rate, copyRate, rate/copyRate, float64(heap)/(1<<20))
	}
}

// BenchmarkRecordAttendance records 300,000 attendance rows (1,000 workers ×
// 300 days) from one CSV on PostgreSQL against a raw COPY of the same rows.
func BenchmarkRecordAttendance(b *testing.B) {
	const workers, days = 1000, 300
	for i := 0; i < b.N; i++ {
		s := newBenchSite(b)
		res, _, err := s.svc.ImportWorkers(s.ctx, s.project, upload(rosterCSV(workers, s.bank), "roster.csv"), false)
		if err != nil {
			b.Fatal(err)
		}
		var csv bytes.Buffer
		csv.WriteString("enrolment_id,date,hours\n")
		first := ledger.NewDate(2025, 1, 2)
		for d := 0; d < days; d++ {
			date := first.AddDays(d).String()
			for _, e := range res.Enrolments {
				fmt.Fprintf(&csv, "%s,%s,8.5\n", e.EnrolmentID, date)
			}
		}
		data := csv.Bytes()
		var took time.Duration
		heap := peakHeap(func() {
			start := time.Now()
			_, _, err = s.svc.RecordAttendance(s.ctx, s.project, upload(data, "attendance.csv"), false)
			took = time.Since(start)
		})
		if err != nil {
			b.Fatal(err)
		}
		base := newBenchSite(b)
		if _, _, err := base.svc.ImportWorkers(base.ctx, base.project, upload(rosterCSV(workers, base.bank), "roster.csv"), false); err != nil {
			b.Fatal(err)
		}
		var enrIDs []string
		base.db.Select(context.Background(), &enrIDs, "SELECT id FROM enrolments ORDER BY id")
		rows := make([][]any, 0, workers*days)
		now := time.Now().UTC()
		for d := 0; d < days; d++ {
			date := first.AddDays(d).String()
			for _, e := range enrIDs {
				rows = append(rows, []any{base.project, e, date, 850, "bench", now})
			}
		}
		copyTook := copyRows(b, base.db, "attendance", []string{"project_id", "enrolment_id", "work_date", "centihours", "source", "recorded_at"}, rows)
		n := workers * days
		rate, copyRate := float64(n)/took.Seconds(), float64(n)/copyTook.Seconds()
		b.ReportMetric(rate, "rows/s")
		b.ReportMetric(copyRate, "copy_rows/s")
		b.ReportMetric(rate/copyRate, "ratio_to_copy")
		b.ReportMetric(float64(heap)/(1<<20), "peak_heap_MB")
		fmt.Printf("\nattendance upload: %6d rows in %v = %8.0f rows/s; raw COPY %8.0f rows/s; ratio %.2f (target ≥ 0.25); file %.1f MB, peak heap %.0f MB\n",
			n, took.Round(time.Millisecond), rate, copyRate, rate/copyRate, float64(len(data))/(1<<20), float64(heap)/(1<<20))
	}
}
