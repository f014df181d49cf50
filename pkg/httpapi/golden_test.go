package httpapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden JSON files in testdata/golden")

// TestGoldenResources pins the public shape of every resource: a fixed
// fixture is driven through the real router and each answer, with generated
// IDs, times and hashes replaced by placeholders, must equal its file in
// testdata/golden byte for byte (indentation aside). A storage or service
// change that moves a field, renames it or changes how a value is written
// fails here; go test -run TestGoldenResources -update rewrites the files
// after a deliberate change to the contract.
//
// The clock starts at 1 December 2026, 10:00 in Beijing: what an action
// dates by today (an inspector's escalation) is the same on every run.
func TestGoldenResources(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			base, start := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), time.Now()
			clock := func() time.Time { return base.Add(time.Since(start)) } // a fixed day, time still running
			// A database of its own on the Citus cluster: a nightly check
			// runs over every project of its database, and a run's counts
			// and project total, the lists of every organisation and check
			// run and the public blacklist are pinned here whole.
			e := newEnv(t, storetest.NewOwn(t, d, store.WithClock(clock)))
			goldens := goldenFixture(e)
			for _, g := range goldens {
				checkGolden(t, g.name, g.body, g.unordered...)
			}
			checkGoldenCoverage(t, e.api, goldens)
		})
	}
}

type golden struct {
	name string
	body []byte
	// req and status are the request answered and its status: the answer's
	// schema in schemas/openapi.yaml is the resource the golden pins.
	req    *http.Request
	status int
	// unordered names the lists whose order follows random IDs: their items
	// are compared sorted.
	unordered []string
}

// goldenFixture builds one project through a month: parties, two workers, a
// payroll approved and paid in part, an allocation, a fact that cannot be
// applied; it returns each resource's answer under its file name.
func goldenFixture(e *env) []golden {
	t := e.t
	var out []golden
	keep := func(name string, r resp, unordered ...string) resp {
		out = append(out, golden{name, r.Body, r.Req, r.Status, unordered})
		return r
	}
	org := func(kind ledger.OrgKind, n int) string {
		return e.must(201, "POST", "/api/v1/organizations", e.admin, map[string]any{
			"name": fmt.Sprintf("%s %d", kind, n), "uscc": uscc(t, n), "kind": kind, "region_code": "110105"}).str(t, "id")
	}
	owner := org(ledger.OrgOwner, 9001)
	gc := keep("organization", e.must(201, "POST", "/api/v1/organizations", e.admin, map[string]any{
		"name": "北京建工", "uscc": uscc(t, 9002), "kind": ledger.OrgGeneralContractor, "region_code": "110105"})).str(t, "id")
	bank := org(ledger.OrgBank, 9003)
	keep("organization_list", e.must(200, "GET", "/api/v1/organizations?kind=general_contractor", e.admin, nil))
	gcKey := keep("api_key", e.must(201, "POST", "/api/v1/organizations/"+gc+"/keys", e.admin, map[string]any{"role": "contractor", "label": "wage office"})).str(t, "key")
	bankKey := e.key(bank, ledger.RoleBank)

	project := keep("project", e.must(201, "POST", "/api/v1/projects", e.admin, map[string]any{
		"code": "G-1", "name": "朝阳安置房", "region_code": "110105", "owner_id": owner, "general_contractor_id": gc,
		"contract_amount": "12000000.00", "started_on": "2026-03-01", "planned_completion_on": "2027-06-30",
		"pay_day": 15, "labour_cost_cycle_days": 30, "wage_account": map[string]any{"bank_id": bank, "account_no": "110000000000009001"}})).str(t, "id")
	path := func(rest string) string { return "/api/v1/projects/" + project + rest }

	enr1 := e.enrol(project, gcKey, workerBornOn(9101, "19900101", gc, bank))
	keep("enrolment", e.must(200, "GET", path("/workers/"+enr1), gcKey, nil))
	enr2 := e.enrol(project, gcKey, workerBornOn(9102, "19900101", gc, bank))
	keep("enrolment_updated", e.must(200, "PATCH", path("/workers/"+enr2), gcKey, map[string]string{"phone": "13912345678"}))
	keep("enrolment_with_history", e.must(200, "GET", path("/workers/"+enr2), gcKey, nil))
	keep("enrolment_list", e.must(200, "GET", path("/workers"), gcKey, nil), "items")
	keep("worker_import", e.upload(path("/workers/import?dry_run=true"), gcKey, "roster.csv", []byte(rosterHeader+rosterRow(9103, "bank 9003"))))
	keep("attendance", e.must(201, "POST", path("/attendance"), gcKey, []map[string]any{
		{"enrolment_id": enr1, "date": "2026-10-08", "hours": "8"}, {"enrolment_id": enr2, "date": "2026-10-08", "hours": "7.5"}}))

	payroll := keep("payroll_submitted", e.must(201, "POST", path("/payrolls"), gcKey, map[string]any{"employer_id": gc, "period": "2026-10",
		"lines": []map[string]string{payLine(enr1, "6000.00", "500.00", "5500.00"), payLine(enr2, "5200.50", "0", "5200.50")}})).str(t, "id")
	keep("payroll_approved", e.must(200, "POST", "/api/v1/payrolls/"+payroll+"/approve", e.key(gc, ledger.RoleContractor), nil)) // four-eyes: another key approves
	keep("payroll_list", e.must(200, "GET", path("/payrolls"), gcKey, nil))
	ins := keep("instructions", e.must(200, "GET", "/api/v1/payrolls/"+payroll+"/instructions", gcKey, nil)).json(t)["items"].([]any)
	ins1 := ins[0].(map[string]any)["id"].(string)
	ins2 := ins[1].(map[string]any)["id"].(string)
	keep("bank_instructions", e.must(200, "GET", "/api/v1/bank/instructions?status=pending", bankKey, nil))

	keep("inflow", e.must(201, "POST", "/api/v1/bank/inflows", bankKey, map[string]any{
		"account_no": "110000000000009001", "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "IN-1", "payer": "建设单位"}))
	keep("confirmations", e.must(200, "POST", "/api/v1/bank/confirmations", bankKey, map[string]any{"items": []map[string]any{
		{"instruction_id": ins1, "status": "paid", "amount": "5500.00", "bank_ref": "B-1", "settled_on": "2026-11-10"},
		{"instruction_id": ins2, "status": "failed", "bank_ref": "B-2", "settled_on": "2026-11-10", "reason": "账户已销户"},
		{"instruction_id": "ins_nope", "status": "paid", "amount": "1.00", "bank_ref": "B-3", "settled_on": "2026-11-10"}}}))
	keep("unmatched", e.must(200, "GET", "/api/v1/bank/unmatched", bankKey, nil))
	keep("payroll", e.must(200, "GET", "/api/v1/payrolls/"+payroll, gcKey, nil))
	keep("reconciliation", e.must(200, "GET", path("/reconciliation?period=2026-10"), gcKey, nil), "workers")
	ins3 := keep("instruction_reissued", e.must(201, "POST", "/api/v1/instructions/"+ins2+"/reissue", gcKey, nil)).str(t, "id")
	keep("confirmation_file", e.upload("/api/v1/bank/confirmations", bankKey, "results.csv", []byte("指令编号,银行流水号,状态,金额,入账日期,失败原因,收款账号\n"+
		ins3+",F-1,成功,5200.50,2026-11-12,,\n"+ins3+",F-2,lost,1.00,2026-11-12,,\n")))
	keep("statement", e.must(200, "GET", "/api/v1/workers/"+enr1+"/statement", gcKey, nil))
	keep("audit", e.must(200, "GET", "/api/v1/audit?subject="+payroll, e.admin, nil))

	// The nightly check of 20 November: the project holds no guarantee 20
	// working days after its start. An inspector escalates the alert, which
	// puts the general contractor on the blacklist-candidate list.
	inspector := e.key(org(ledger.OrgAuthority, 9004), ledger.RoleInspector)
	run := e.must(201, "POST", "/api/v1/checks", e.admin, map[string]string{"as_of": "2026-11-20"}).str(t, "id")
	keep("check_run", e.must(200, "GET", "/api/v1/checks/"+run, inspector, nil))
	alert := e.must(200, "GET", "/api/v1/alerts?rule=guarantee_missing&project_id="+project, inspector, nil).json(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	e.must(200, "POST", "/api/v1/alerts/"+alert+"/actions", inspector, map[string]string{"action": "escalate", "note": "no guarantee after two reminders"})
	keep("alert", e.must(200, "GET", "/api/v1/alerts/"+alert, inspector, nil))
	keep("blacklist_candidates", e.must(200, "GET", "/api/v1/blacklist/candidates", inspector, nil))
	moreGoldens(e, keep, goldenParties{owner: owner, gc: gc, gcKey: gcKey, bank: bank, bankKey: bankKey, project: project,
		payroll: payroll, enr1: enr1, enr2: enr2, inspector: inspector, alert: alert})

	keep("problem_not_found", e.must(404, "GET", "/api/v1/payrolls/pay_0000000000000000", gcKey, nil))
	keep("problem_invalid", e.must(422, "POST", path("/workers"), gcKey, map[string]any{"name": "", "id_number": "110105199001010000"}))
	return out
}

var (
	// generatedID is an ID made by ledger.NewID or ledger.NewIDIn (16 more
	// characters, its project's), and an entry batch's suffix.
	generatedID = regexp.MustCompile(`\b[a-z]{3}_[0-9a-hjkmnp-tv-z]{16}([0-9a-hjkmnp-tv-z]{16})?(_[0-9]+)?\b`)
	timestamp   = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})`)
	sha256Hex   = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	apiKey      = regexp.MustCompile(`wg_[A-Za-z0-9_-]+`)
	requestID   = regexp.MustCompile(`req_[0-9a-f]{24}`)
	checkRunID  = regexp.MustCompile(`chk_\d{8}T\d{6}\.\d{6}_[0-9a-f]{8}`)
	// duration and cost are what a check run took: their keys are pinned,
	// their values zeroed.
	duration  = regexp.MustCompile(`"duration_ms":\d+`)
	cost      = regexp.MustCompile(`"cost_us":\{[^}]*\}`)
	costValue = regexp.MustCompile(`:\d+`)
	// payslipMAC is the keyed code ending a payslip link's token, and
	// publicKey the evidence key: both made from the run's own secret key.
	payslipMAC = regexp.MustCompile(`(/w/[a-z]{3}_[0-9a-hjkmnp-tv-z]{16}([0-9a-hjkmnp-tv-z]{16})?\.\d+\.\d{8}\.)[A-Za-z0-9_-]+`)
	publicKey  = regexp.MustCompile(`"public_key":"[^"]*"`)
)

// normalise replaces what differs from run to run: every generated ID by its
// prefix and the order it first appears in (prj_1, enr_2, …), so that which
// field names which record stays checked; times, hashes, keys and request
// IDs, a payslip link's code and the evidence key by a placeholder; a check
// run's duration and costs by zero.
func normalise(body []byte) []byte {
	body = apiKey.ReplaceAll(body, []byte("<api key>"))
	body = requestID.ReplaceAll(body, []byte("<request id>"))
	body = checkRunID.ReplaceAll(body, []byte("<check run id>"))
	body = payslipMAC.ReplaceAll(body, []byte("${1}<mac>"))
	body = publicKey.ReplaceAll(body, []byte(`"public_key":"<public key>"`))
	seen := map[string]string{}
	body = generatedID.ReplaceAllFunc(body, func(id []byte) []byte {
		if p, ok := seen[string(id)]; ok {
			return []byte(p)
		}
		p := fmt.Sprintf("%s_%d", id[:3], len(seen)+1)
		seen[string(id)] = p
		return []byte(p)
	})
	body = timestamp.ReplaceAll(body, []byte("<time>"))
	body = duration.ReplaceAll(body, []byte(`"duration_ms":0`))
	body = cost.ReplaceAllFunc(body, func(c []byte) []byte { return costValue.ReplaceAll(c, []byte(":0")) })
	return sha256Hex.ReplaceAll(body, []byte("<sha256>"))
}

// sortLists sorts the items of the lists under the given keys (by their
// text with generated IDs masked), leaving every other byte as it was.
func sortLists(raw json.RawMessage, keys map[string]bool, sortThis bool) (json.RawMessage, error) {
	var out bytes.Buffer
	switch {
	case bytes.HasPrefix(raw, []byte("{")):
		dec := json.NewDecoder(bytes.NewReader(raw))
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		out.WriteByte('{')
		for i := 0; dec.More(); i++ {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, err
			}
			if v, err = sortLists(v, keys, keys[k.(string)]); err != nil {
				return nil, err
			}
			if i > 0 {
				out.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			out.Write(kb)
			out.WriteByte(':')
			out.Write(v)
		}
		out.WriteByte('}')
	case bytes.HasPrefix(raw, []byte("[")):
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		for i := range items {
			var err error
			if items[i], err = sortLists(items[i], keys, false); err != nil {
				return nil, err
			}
		}
		if sortThis {
			masked := func(i int) string { return string(generatedID.ReplaceAll(items[i], []byte("<id>"))) }
			sort.SliceStable(items, func(i, j int) bool { return masked(i) < masked(j) })
		}
		out.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				out.WriteByte(',')
			}
			out.Write(it)
		}
		out.WriteByte(']')
	default:
		return raw, nil
	}
	return out.Bytes(), nil
}

func checkGolden(t *testing.T, name string, body []byte, unordered ...string) {
	t.Helper()
	keys := map[string]bool{}
	for _, k := range unordered {
		keys[k] = true
	}
	body, err := sortLists(body, keys, false)
	if err != nil {
		t.Fatalf("%s: the response is not JSON: %v", name, err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, normalise(body), "", "  "); err != nil {
		t.Fatalf("%s: the response is not JSON: %v: %s", name, err, body)
	}
	pretty.WriteByte('\n')
	file := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%s: %v (run go test -run TestGoldenResources -update to create it)", name, err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("%s differs from %s:\n got: %s\nwant: %s", name, file, pretty.Bytes(), want)
	}
}
