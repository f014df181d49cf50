package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/bankfile"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Through the router: after a re-issue the payroll's bank file carries
// nothing the bank has answered, and the re-issue is its own batch, asked
// for with ?batch=, paid the next working day (issue 11 review 5).
func TestBankFileBatchesOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		s.confirm(item(s.ins[0], "paid", "5000.00", "P-1"), map[string]any{"instruction_id": s.ins[1], "status": "failed", "bank_ref": "F-1",
			"settled_on": "2026-11-10", "reason": "card closed"})
		re := s.must(201, "POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.gcKey, nil).json(t)
		read := func(query string) *bankfile.Batch {
			t.Helper()
			f := s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions"+query, s.bankKey, nil, "Accept", "text/csv")
			b, err := bankfile.Read(strings.NewReader(string(f.Body)))
			if err != nil {
				t.Fatalf("bank file %s: %v\n%s", query, err, f.Body)
			}
			return b
		}
		if own := read(""); own.Ref != s.payroll || len(own.Lines) != 0 {
			t.Errorf("the payroll's own file %s carries %+v after the bank answered every line", own.Ref, own.Lines)
		}
		created, err := time.Parse(time.RFC3339Nano, re["created_at"].(string))
		if err != nil {
			t.Fatal(err)
		}
		on := ledger.DateOf(created)
		ref := ledger.ReissueBatchRef(s.payroll, on)
		b := read("?batch=" + ref)
		if b.Ref != ref || len(b.Lines) != 1 || b.Lines[0].Ref != re["id"] || b.ValueDate != ledger.DefaultCalendar().NextWorkingDay(on) {
			t.Errorf("re-issue file %s value date %s: %+v", b.Ref, b.ValueDate, b.Lines)
		}
		s.must(404, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions?batch="+s.payroll+"-R19990101", s.bankKey, nil, "Accept", "text/csv")
	})
}
