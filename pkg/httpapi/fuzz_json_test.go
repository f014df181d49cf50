package httpapi

// FuzzJSONBodies (issue 16, item 21): every JSON body the API decodes, a
// table over its routes. Each input is decoded as the route decodes it
// (decodeJSON: strict, unknown fields and trailing data refused) into the
// route's wire type, turned into the service's input and checked by the
// ledger's own validation where that is a pure function. Nothing may panic;
// a refusal must be a *ledger.Error that the one table maps to a 4xx, never
// a 500; one body may not allocate more than its memory bound.

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

type jsonRoute struct {
	route string
	seed  string
	check func(body []byte) error // decode and validate
}

var fuzzToday = ledger.DateOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))

func decodeOnly[T any](then func(T) error) func([]byte) error {
	return func(body []byte) error {
		var in T
		if err := decodeJSON(body, &in); err != nil {
			return err
		}
		if then == nil {
			return nil
		}
		return then(in)
	}
}

func fieldErrs(fe []ledger.FieldError) error {
	if len(fe) == 0 {
		return nil
	}
	return &ledger.Error{Code: ledger.EInvalid, Message: "invalid", Fields: fe}
}

var jsonRoutes = []jsonRoute{
	{"POST /organizations", `{"name":"甲","uscc":"91350100M000100Y43","kind":"subcontractor","region_code":"110105"}`,
		decodeOnly(func(in OrganizationRequest) error { o := in.organization(); return o.Validate() })},
	{"POST /organizations/{id}/keys", `{"role":"contractor","label":"x"}`, decodeOnly[APIKeyRequest](nil)},
	{"POST /projects", `{"code":"P-1","name":"p","region_code":"110105","owner_id":"o","general_contractor_id":"g","contract_amount":"12000000.00",` +
		`"started_on":"2026-03-01","planned_completion_on":"2027-06-30","pay_day":15,"labour_cost_cycle_days":30,"wage_account":{"bank_id":"b","account_no":"1100000000000001"}}`,
		decodeOnly(func(in ProjectRequest) error {
			p, err := in.project()
			if err != nil {
				return err
			}
			return p.Validate()
		})},
	{"POST /projects/{id}/subcontractors", `{"organization_id":"org_1"}`, decodeOnly[SubcontractorRequest](nil)},
	{"PATCH /projects/{id}", `{"category":"01"}`, decodeOnly[ProjectPatchRequest](nil)},
	{"POST /projects/{id}/complete", `{"completed_on":"2026-10-01"}`, decodeOnly[CompletionRequest](nil)},
	{"POST /projects/{id}/workers", `{"name":"张三","id_number":"11010519491231002X","phone":"13900000000","employer_id":"e","team":"t","trade":"钢筋工",` +
		`"bank_card":"6222021234567890128","bank_id":"b","contract_kind":"labour_contract","contract_signed_on":"2026-03-01","entered_on":"2026-03-02"}`,
		decodeOnly(func(in WorkerRequest) error { _, fe := ledger.CheckWorker(in.input(), fuzzToday); return fieldErrs(fe) })},
	{"PATCH /projects/{id}/workers/{enrolment_id}", `{"bank_card":"6222021234567890128","bank_id":"b","phone":"13900000001"}`,
		decodeOnly(func(in WorkerUpdateRequest) error { _ = in.update(); return nil })},
	{"POST /projects/{id}/workers/{enrolment_id}/exit", `{"exited_on":"2026-10-01"}`, decodeOnly[ExitRequest](nil)},
	{"POST /projects/{id}/payrolls", `{"employer_id":"e","period":"2026-10","kind":"supplementary","lines":[{"id_number":"11010519491231002X","name":"张三",` +
		`"days_worked":"22","gross_pay":"6000.00","deductions":"500","net_pay":"5500.00","bank_card":"6222021234567890128","base_pay":"6000"}],"control":{"line_count":1,"net_total":"5500.00"}}`,
		decodeOnly(func(in PayrollRequest) error {
			period, err := ledger.ParsePeriod(in.Period)
			if err != nil {
				return &ledger.Error{Code: ledger.EInvalid, Message: err.Error()}
			}
			if _, fe := ledger.CheckPayrollKind(in.Kind); fe != nil {
				return fieldErrs([]ledger.FieldError{*fe})
			}
			var all []ledger.FieldError
			for _, l := range in.Lines {
				_, fe := ledger.CheckPayrollLine(l.input(), period)
				all = append(all, fe...)
			}
			return fieldErrs(all)
		})},
	{"POST /payrolls/{id}/reject", `{"reason":"late"}`, decodeOnly[RejectRequest](nil)},
	{"POST /bank/inflows", `{"account_no":"1100000000000001","amount":"20000.00","received_on":"2026-10-30","bank_ref":"IN-1","payer":"建设单位"}`,
		decodeOnly(func(in InflowRequest) error { i := in.input(); return i.Check(fuzzToday) })},
	{"POST /bank/confirmations", `{"items":[{"instruction_id":"ins_1","status":"paid","amount":"1.00","bank_ref":"B","settled_on":"2026-11-01"},` +
		`{"instruction_id":"ins_2","status":"failed","bank_ref":"C","settled_on":"2026-11-01","reason":"closed"}]}`,
		decodeOnly(func(in ConfirmationsRequest) error {
			_ = ledger.NewConfirmationBatch("bank", mapEach(in.Items, confirmationItemOf), nil, fuzzToday)
			return nil
		})},
	{"POST /guarantees", `{"project_id":"p","form":"cash","amount":"20000.00","bank_id":"b","reference":"G","valid_from":"2026-03-05"}`,
		decodeOnly(func(in GuaranteeRequest) error { g := in.input(); g.Normalize(); _ = g.Fingerprint(); return nil })},
	{"POST /guarantees/{id}/drawdowns", `{"amount":"8000.00","decision_ref":"D-1","payees":[{"enrolment_id":"e","amount":"8000.00"}]}`,
		decodeOnly(func(in DrawdownRequest) error { d := in.input(); d.Normalize(); _ = d.Fingerprint(); return nil })},
	{"POST /guarantees/{id}/topups", `{"amount":"100.00","reference":"T-1"}`,
		decodeOnly(func(in TopUpRequest) error { u := in.input(); u.Normalize(); _ = u.Fingerprint(); return nil })},
	{"POST /guarantees/{id}/release", `{"note":"done"}`, decodeOnly[ReleaseRequest](nil)},
	{"POST /checks", `{"as_of":"2026-11-01"}`, decodeOnly[CheckRequest](nil)},
	{"POST /alerts/{id}/actions", `{"action":"resolve","note":"paid","deadline":"2026-12-01"}`,
		decodeOnly(func(in AlertActionRequest) error { _ = in.input(); return nil })},
}

const jsonFuzzMemoryBound = 64 << 20

func FuzzJSONBodies(f *testing.F) {
	for i, r := range jsonRoutes {
		f.Add(uint8(i), []byte(r.seed))
		f.Add(uint8(i), []byte(r.seed+" {}"))
		f.Add(uint8(i), []byte(`{"a":"\u0000\u202e","b":1e999,"c":-0.001,"d":[[[[[]]]]]}`))
		f.Add(uint8(i), []byte(`{"amount":"99999999999999999999.99","period":"2026-13","lines":[{},{}]}`))
		f.Add(uint8(i), []byte(`{"x":1,"x":2}`))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		r := jsonRoutes[int(which)%len(jsonRoutes)]
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := r.check(body)
		runtime.ReadMemStats(&after)
		if used := after.TotalAlloc - before.TotalAlloc; used > jsonFuzzMemoryBound {
			t.Fatalf("%s: a %d-byte body allocated %d MB", r.route, len(body), used>>20)
		}
		if err == nil {
			return
		}
		var le *ledger.Error
		if !errors.As(err, &le) {
			t.Fatalf("%s: %T is not a ledger error: %v", r.route, err, err)
		}
		if st := statusOfCode(le.Code); st < 400 || st >= 500 {
			t.Fatalf("%s: refusal %q answers %d: %v", r.route, le.Code, st, err)
		}
	})
}

// statusOfCode is the one table's status for a code, as writeError uses it.
func statusOfCode(code string) int {
	s, ok := statusOf[code]
	if !ok {
		panic(fmt.Sprintf("code %q is not in problem.go's table", code))
	}
	return s
}
