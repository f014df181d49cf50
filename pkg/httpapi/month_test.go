package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// One month of two projects at one bank, through the HTTP router:
// registration, payrolls, approval, the owner's allocation, one bank
// confirmation batch that pays both projects' workers, and the nightly
// check. On a Citus cluster (WAGEGUARD_TEST_CITUS_URL) the projects sit on
// the cluster's shards beside every other test's, and the confirmation
// batch and the check write across them.
//
// The month runs twice: with the confirmation batch and the nightly check
// batched across projects (a single server's way) and one project per
// transaction (a Citus cluster's, store.DB.OneProjectPerTransaction, forced
// on the single server too), and must end the same both ways.
func TestOneMonthEndToEnd(t *testing.T) {
	for _, perProject := range []bool{false, true} {
		t.Run(map[bool]string{false: "batched", true: "per_project"}[perProject], func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				db.ForceOneProjectPerTransaction(perProject)
				if perProject != db.OneProjectPerTransaction() {
					t.Skip("a Citus cluster always applies one project per transaction")
				}
				oneMonth(t, db)
			})
		})
	}
}

func oneMonth(t *testing.T, db *store.DB) {
	{
		s := newPaidSite(t, db, 3)
		// A second project of the same contractor, at the same bank. On a
		// Citus cluster, one whose shards are on the other worker than the
		// first's (made again until so): a write transaction across the two
		// projects then commits on both nodes, a two-phase commit the watch
		// below counts; on one worker it would commit there alone, unseen.
		owner := s.org(ledger.OrgOwner, "110105")
		p2 := s.must(201, "POST", "/api/v1/projects", s.admin, projectBody("S-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)).str(t, "id")
		for tries := 1; db.Dialect.IsCitus() && workerOf(t, db, p2) == workerOf(t, db, s.project); tries++ {
			if tries == 30 {
				t.Fatalf("30 projects made, none on another worker than %s's", s.project)
			}
			p2 = s.must(201, "POST", "/api/v1/projects", s.admin, projectBody("S-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)).str(t, "id")
		}
		proj2 := s.must(200, "GET", "/api/v1/projects/"+p2, s.admin, nil).json(t)
		account2 := proj2["wage_account"].(map[string]any)["account_no"].(string)
		// A project's code and wage account are unique across all projects
		// (project_keys, a reference table on Citus), with their messages.
		dup := projectBody(proj2["code"].(string), "110105", owner, s.gc, s.bank)
		if r := s.must(409, "POST", "/api/v1/projects", s.admin, dup); !strings.Contains(string(r.Body), "a project with this code already exists") {
			t.Errorf("a second project with the code: %s", r.Body)
		}
		dup = projectBody("S-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)
		dup["wage_account"] = map[string]any{"bank_id": s.bank, "account_no": account2}
		if r := s.must(409, "POST", "/api/v1/projects", s.admin, dup); !strings.Contains(string(r.Body), "this wage account is already registered to another project") {
			t.Errorf("a second project with the wage account: %s", r.Body)
		}
		enr := s.enrol(p2, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		pay2 := s.must(201, "POST", "/api/v1/projects/"+p2+"/payrolls", s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-10",
			"lines": []map[string]string{payLine(enr, "6100.00", "0", "6100.00")}}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+pay2+"/approve", s.officer, nil)
		ins2 := s.must(200, "GET", "/api/v1/payrolls/"+pay2+"/instructions", s.gcKey, nil).json(t)["items"].([]any)[0].(map[string]any)["id"].(string)

		for i, account := range []string{s.account, account2} {
			inflow := map[string]any{"account_no": account, "amount": "20000.00", "received_on": "2026-10-30", "bank_ref": "IN-" + itoa(i), "payer": "建设单位"}
			if r := s.must(201, "POST", "/api/v1/bank/inflows", s.bankKey, inflow).json(t); r["result"] != "applied" {
				t.Fatalf("inflow to %s: %v", account, r)
			}
		}
		// The confirmation batch across both projects and the nightly check
		// write no reference table but the check's run record: every other
		// write transaction stays on one project's shard, with no two-phase
		// commit (issue 19); TestKeyedWritesStayOnOneShard holds every
		// other write route, approvals and allocations included, to none.
		twoPhase := storetest.WatchTwoPhaseCommits(t, db)
		res := s.confirm(item(s.ins[0], "paid", "5000.00", "B-1"), item(ins2, "paid", "6100.00", "B-2"), item(s.ins[1], "paid", "5001.00", "B-3"),
			item(s.ins[2], "failed", "", "B-4"))
		for i, want := range []string{"paid", "paid", "paid", "failed"} {
			if res[i]["result"] != "applied" || res[i]["instruction_status"] != want {
				t.Fatalf("confirmation %d: %v", i, res[i])
			}
		}
		if n := twoPhase(); n != 0 {
			t.Errorf("a confirmation batch across two projects made %d two-phase commits, want none", n)
		}
		rec := s.reconcile()
		if rec["ties_out"] != true || rec["paid"] != "10001.00" || rec["owed"] != "15003.00" || rec["allocations"] != "20000.00" {
			t.Fatalf("reconciliation of the first project: %v", rec)
		}
		rec2 := s.must(200, "GET", "/api/v1/projects/"+p2+"/reconciliation?period=2026-10", s.gcKey, nil).json(t)
		if rec2["ties_out"] != true || rec2["paid"] != "6100.00" || rec2["owed"] != "6100.00" {
			t.Fatalf("reconciliation of the second project: %v", rec2)
		}

		run := s.runCheck(s.admin)
		if run["status"] != "finished" || run["projects"].(float64) < 2 {
			t.Fatalf("nightly check: %v", run)
		}
		// The run's own record (check_runs, a reference table) is written
		// when it starts and ends, and beats while it runs; every project's
		// night is a transaction on its shard.
		if n := twoPhase(); n > 4 {
			t.Errorf("the nightly check of %v projects made %d two-phase commits, want at most 4 (its run record's)", run["projects"], n)
		}
		// The failed payment is a wage unpaid past the pay day on the first
		// project, and nothing is open on the second, paid in full.
		for project, want := range map[string]int{s.project: 1, p2: 0} {
			if got := len(s.alertIDs(s.admin, "project_id="+project+"&rule="+string(ledger.RuleWagesUnpaid))); got != want {
				t.Errorf("project %s: %d wages_unpaid alerts, want %d", project, got, want)
			}
		}
		// The next month's payroll is matched against the approved one
		// before it (each payee's usual pay): a lookup that reads the
		// project's payroll lines from inside a join to the identities,
		// which Citus plans only with the project named in it.
		nov1 := s.must(201, "POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-11",
			"lines": []map[string]string{payLine(s.enrs[0], "5000.00", "0", "5000.00")}}).str(t, "id")
		// November's payrolls of both projects paid by a confirmation file
		// (CSV, the bank's other way), applied as the JSON batch is: one
		// project a transaction, no two-phase commit across the workers.
		nov2 := s.must(201, "POST", "/api/v1/projects/"+p2+"/payrolls", s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-11",
			"lines": []map[string]string{payLine(enr, "6100.00", "0", "6100.00")}}).str(t, "id")
		file := "指令编号,银行流水号,状态,金额,入账日期,失败原因,收款账号\n"
		for i, pay := range []string{nov1, nov2} {
			s.must(200, "POST", "/api/v1/payrolls/"+pay+"/approve", s.officer, nil)
			for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+pay+"/instructions", s.gcKey, nil).json(t)["items"].([]any) {
				in := it.(map[string]any)
				file += in["id"].(string) + ",F-" + itoa(i) + ",成功," + in["amount"].(string) + "," + today() + ",,\n"
			}
		}
		twoPhase()
		r := s.upload("/api/v1/bank/confirmations", s.bankKey, "results.csv", []byte(file))
		if r.Status != 200 {
			t.Fatalf("confirmation file: %d %s", r.Status, r.Body)
		}
		for _, it := range r.json(t)["results"].([]any) {
			if m := it.(map[string]any); m["result"] != "applied" {
				t.Errorf("confirmation file, row %v: %v", m["row"], m)
			}
		}
		if n := len(r.json(t)["results"].([]any)); n != 2 {
			t.Errorf("confirmation file: %d results, want 2", n)
		}
		if n := twoPhase(); n != 0 {
			t.Errorf("a confirmation file across two projects made %d two-phase commits, want none", n)
		}
		// The month's audit records are sealed into their chains, with the
		// keys serve would use: on the cluster's shared database none is
		// left queued, keyed, for a test without the keys to meet.
		if _, err := db.SealAudit(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// workerOf is the worker of a Citus cluster (its group in
// pg_dist_placement) that holds project's shard of projects, and with it
// the project's shards of every tenant table, co-located with projects.
func workerOf(t *testing.T, db *store.DB, project string) int {
	t.Helper()
	var groups []int
	if err := db.Select(context.Background(), &groups, `SELECT groupid FROM pg_dist_placement
		WHERE shardid = get_shard_id_for_distribution_column('projects', ?::text)`, project); err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 {
		t.Fatalf("project %s's shard has %d placements, want one", project, len(groups))
	}
	return groups[0]
}
