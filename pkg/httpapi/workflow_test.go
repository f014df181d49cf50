package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A rejected payroll sent again unchanged is refused (409) with the
// rejection's reason and how to resubmit, not replayed as if accepted; the
// corrected payroll is a new one.
func TestRejectedPayrollSentAgainUnchanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.subKey, workerBody(nextSeq(), s.sub, s.bank))
		body := map[string]any{"employer_id": s.sub, "period": "2026-10", "lines": []map[string]string{payLine(enr, "6000.00", "0", "6000.00")}}
		id := s.must(201, "POST", s.path("/payrolls"), s.subKey, body).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+id+"/reject", s.gcKey, map[string]string{"reason": "days worked do not match the attendance"})
		r := s.must(409, "POST", s.path("/payrolls"), s.subKey, body)
		if d := r.str(t, "detail"); !strings.Contains(d, id) || !strings.Contains(d, "rejected: days worked do not match the attendance") || !strings.Contains(d, "submit the corrected") {
			t.Errorf("sent again: %s", r.Body)
		}
		body["lines"] = []map[string]string{payLine(enr, "5800.00", "0", "5800.00")}
		if again := s.must(201, "POST", s.path("/payrolls"), s.subKey, body).str(t, "id"); again == id {
			t.Errorf("the corrected payroll is the rejected one")
		}
	})
}

// A re-issue to the very card a payment was returned from for a name
// mismatch warns, in its answer, that it will fail again.
func TestReissueToTheSameCardAfterANameMismatchWarns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		failed := item(s.ins[0], "failed", "", "F-1")
		failed["reason"] = "户名不符"
		other := item(s.ins[1], "failed", "", "F-2")
		other["reason"] = "account frozen"
		s.confirm(failed, other)
		r := s.must(201, "POST", "/api/v1/instructions/"+s.ins[0]+"/reissue", s.gcKey, nil).json(t)
		if w := r["warnings"]; w == nil || !strings.Contains(w.([]any)[0].(string), "name mismatch (户名不符)") {
			t.Errorf("re-issue after a name mismatch: %v", r)
		}
		r = s.must(201, "POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.gcKey, nil, "Accept-Language", "zh-CN").json(t)
		if w := r["warnings"]; w == nil || !strings.Contains(w.([]any)[0].(string), "重新发放到支付失败的同一张卡") {
			t.Errorf("re-issue to the same card, in Chinese: %v", r)
		}
	})
}

// A subcontractor's attendance for a worker another employer registered on
// the project says so, without naming that employer.
func TestAttendanceForAnotherEmployersWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		gcs := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		v, _ := enrolled.Load(gcs)
		number := v.(map[string]any)["id_number"].(string)
		r := s.must(422, "POST", s.path("/attendance"), s.subKey, []map[string]any{
			{"enrolment_id": gcs, "date": "2026-10-08", "hours": "8"}, {"id_number": number, "date": "2026-10-09", "hours": "8"}})
		if got := strings.Join(errorsOf(t, r), " "); got != "1:enrolment_id:other_employer 2:id_number:other_employer" {
			t.Errorf("codes: %s", got)
		}
		if !strings.Contains(string(r.Body), "registered on this project with another employer") || strings.Contains(string(r.Body), s.gc) {
			t.Errorf("messages: %s", r.Body)
		}
	})
}

// A worker's statement is found by the person's wkr_ ID too, as by the
// enrolment; another organisation's worker stays not found.
func TestStatementByWorkerID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		worker := s.must(200, "GET", s.path("/workers/"+s.enrs[0]), s.gcKey, nil).str(t, "worker_id")
		byEnrolment := s.must(200, "GET", "/api/v1/workers/"+s.enrs[0]+"/statement", s.gcKey, nil)
		byWorker := s.must(200, "GET", "/api/v1/workers/"+worker+"/statement", s.gcKey, nil)
		if string(byEnrolment.Body) != string(byWorker.Body) {
			t.Errorf("by enrolment %s\nby worker %s", byEnrolment.Body, byWorker.Body)
		}
		s.must(404, "GET", "/api/v1/workers/wkr_nobody/statement", s.gcKey, nil)
		s.must(404, "GET", "/api/v1/workers/"+worker+"/statement", s.subKey, nil)
	})
}

// A dry run says its IDs are provisional; the warning count of a payroll is
// the number of warnings its submission lists.
func TestDryRunNoticeAndWarningCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		line := payLine(enr, "6000.00", "0", "6000.00")
		line["confirmed"] = "no" // unconfirmed, and 22 days with no attendance: two warnings on one line
		body := map[string]any{"employer_id": s.gc, "period": "2026-10", "lines": []map[string]string{line}}
		dry := s.must(200, "POST", s.path("/payrolls")+"?dry_run=true", s.gcKey, body).json(t)
		if n, _ := dry["notice"].(string); !strings.Contains(n, "provisional") {
			t.Errorf("dry run: %v", dry)
		}
		real := s.must(201, "POST", s.path("/payrolls"), s.gcKey, body).json(t)
		if _, ok := real["notice"]; ok {
			t.Errorf("a real submission has a dry run's notice: %v", real)
		}
		if listed := len(real["line_warnings"].([]any)); listed != 2 || real["warnings"] != float64(listed) {
			t.Errorf("warnings %v, line_warnings %d", real["warnings"], listed)
		}
		// A line's stored warnings are read in the reader's language.
		lines := s.must(200, "GET", "/api/v1/payrolls/"+real["id"].(string), s.gcKey, nil, "Accept-Language", "zh-CN").json(t)["lines"].([]any)
		if w, _ := lines[0].(map[string]any)["warnings"].(string); !strings.Contains(w, "出勤天数超过了考勤记录的 0 天；该工人尚未对此行本人签字确认") {
			t.Errorf("a line's warnings in Chinese: %q", w)
		}
		roster := rosterHeader + rosterRow(nextSeq(), s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name"))
		imp := s.upload(s.path("/workers/import?dry_run=true"), s.subKey, "roster.csv", []byte(roster)).json(t)
		if n, _ := imp["notice"].(string); !strings.Contains(n, "provisional") {
			t.Errorf("worker dry run: %v", imp)
		}
	})
}

// A payment confirmed before its allocation, covered by an allocation the
// bank received after the month, shows in the month's reconciliation as
// received later, not as an overdraft.
func TestAllocationReceivedLater(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		s.confirm(item(s.ins[0], "paid", "5000.00", "P-1"))
		kinds := func() string {
			var k []string
			for _, e := range s.must(200, "GET", s.path("/reconciliation?period=2026-10"), s.gcKey, nil).json(t)["exceptions"].([]any) {
				k = append(k, e.(map[string]any)["kind"].(string))
			}
			return strings.Join(k, " ")
		}
		if got := kinds(); !strings.Contains(got, "account_overdrawn") {
			t.Fatalf("before the allocation: %s", got)
		}
		s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, map[string]any{"account_no": s.account, "amount": "20000.00",
			"received_on": "2026-11-05", "bank_ref": "IN-LATE", "payer": "建设单位", "allocated_on": "2026-11-04", "labour_cost_share": "25"})
		if got := kinds(); got != "allocation_received_later" {
			t.Errorf("after the allocation of 5 November: %q", got)
		}
	})
}
