package httpapi_test

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
)

// goldenParties is what the month of goldenFixture leaves for the rest.
type goldenParties struct {
	owner, gc, gcKey, bank, bankKey, project, payroll, enr1, enr2 string
	inspector, alert                                              string // the region's inspector; the escalated guarantee alert
}

// moreGoldens carries goldenFixture's project on, through every resource
// the month does not reach: the service's own documents, certificates and
// work-injury policies, payslips and what a worker answers through them,
// complaints and their receipts, guarantees (lodged, drawn, topped up,
// released), orders to pay and their decisions, blacklist proposals and the
// public list, statistics.
func moreGoldens(e *env, keep func(string, resp, ...string) resp, g goldenParties) {
	t := e.t
	path := func(rest string) string { return "/api/v1/projects/" + g.project + rest }
	keep("health", e.must(200, "GET", "/healthz", "", nil))
	keep("formats", e.must(200, "GET", "/api/v1/formats", g.gcKey, nil))
	keep("policy", e.must(200, "GET", "/api/v1/policy?region=110105&on=2026-10-31", g.gcKey, nil))
	keep("evidence_key", e.must(200, "GET", "/api/v1/evidence/key", "", nil))
	keep("project_list", e.must(200, "GET", "/api/v1/projects", g.gcKey, nil))
	keep("api_key_list", e.must(200, "GET", "/api/v1/organizations/"+g.gc+"/keys", e.admin, nil), "items")
	keep("check_run_list", e.must(200, "GET", "/api/v1/checks", e.admin, nil))
	keep("alert_list", e.must(200, "GET", "/api/v1/alerts?project_id="+g.project, g.inspector, nil), "items")
	keep("workforce_stats", e.must(200, "GET", "/api/v1/stats/workforce?period=2026-10", g.inspector, nil))

	certs := path("/workers/" + g.enr1 + "/certificates")
	cert := keep("certificate", e.must(201, "POST", certs, g.gcKey, map[string]string{"number": "G-C1", "kind": "建筑电工",
		"valid_from": "2025-01-01", "valid_until": "2026-12-31"})).str(t, "id")
	keep("certificate_reviewed", e.must(201, "POST", certs+"/"+cert+"/reviews", g.gcKey, map[string]string{"reviewed_on": "2026-10-01"}))
	keep("certificate_list", e.must(200, "GET", certs, g.gcKey, nil))
	policy := keep("injury_policy", e.must(201, "POST", path("/injury-insurance"), g.gcKey, injuryBody("G-P1"))).str(t, "id")
	keep("injury_policy_list", e.must(200, "GET", path("/injury-insurance"), g.gcKey, nil))
	keep("injury_policy_voided", e.must(200, "POST", path("/injury-insurance/"+policy+"/void"), g.gcKey, map[string]string{"reason": "保单号录错"}))

	// Payslip links for October's payroll: the first worker opens theirs,
	// confirms the line and complains; the second worker's link is revoked,
	// the first's reissued by the inspector.
	link := map[string]map[string]any{}
	for _, it := range keep("payslip_links", e.must(200, "POST", "/api/v1/payrolls/"+g.payroll+"/payslips", g.gcKey, nil), "items").json(t)["items"].([]any) {
		m := it.(map[string]any)
		link[m["enrolment_id"].(string)] = m
	}
	keep("payslip_link_list", e.must(200, "GET", "/api/v1/payrolls/"+g.payroll+"/payslips", g.gcKey, nil), "items")
	token := tokenOf(t, link[g.enr1]["url"].(string))
	slip := keep("payslip", e.must(200, "GET", "/api/v1/payslips/"+token, "", nil)).json(t)
	line := slip["lines"].([]any)[0].(map[string]any)["line_no"]
	keep("line_answer", e.must(200, "POST", "/api/v1/payslips/"+token+"/confirm", "", map[string]any{"payroll_id": g.payroll, "line_no": line}))
	keep("worker_complaint", e.must(201, "POST", "/api/v1/payslips/"+token+"/complaints", "", map[string]any{"summary": "十月工资少发"}))
	keep("payslip_link_revoked", e.must(200, "POST", "/api/v1/payrolls/"+g.payroll+"/payslips/"+link[g.enr2]["id"].(string)+"/revoke", g.gcKey, nil))
	keep("payslip_link_reissued", e.must(201, "POST", "/api/v1/payrolls/"+g.payroll+"/payslips/"+link[g.enr1]["id"].(string)+"/reissue",
		g.inspector, map[string]string{"note": "用工单位扣留工资条"}))

	complaint := keep("complaint", e.must(201, "POST", "/api/v1/complaints", g.inspector, map[string]any{"project_id": g.project, "consent": true,
		"complainant_name": "张三", "summary": "十月工资未发", "periods": []string{"2026-10"}, "workers": 1})).str(t, "id")
	keep("complaint_accepted", e.must(200, "POST", "/api/v1/complaints/"+complaint+"/actions", g.inspector, map[string]string{"action": "accept"}))
	keep("complaint_list", e.must(200, "GET", "/api/v1/complaints", g.inspector, nil), "items")
	receipt := keep("complaint_receipt", e.must(200, "POST", "/api/v1/complaints/"+complaint+"/receipt", g.inspector, map[string]string{"note": "工人称回执码被他人看到"}))
	keep("complaint_receipt_read", e.must(200, "GET", "/api/v1/complaints/receipts/"+receipt.Header.Get(httpapi.ReceiptHeader), "", nil))

	// September's payroll for a third worker is approved and never paid.
	enr3 := e.enrol(g.project, g.gcKey, workerBornOn(9104, "19900101", g.gc, g.bank))
	sept := e.must(201, "POST", path("/payrolls"), g.gcKey, map[string]any{"employer_id": g.gc, "period": "2026-09",
		"lines": []map[string]string{payLine(enr3, "4800.00", "0", "4800.00")}}).str(t, "id")
	e.must(200, "POST", "/api/v1/payrolls/"+sept+"/approve", e.key(g.gc, ledger.RoleContractor), nil)

	// A bank letter is lodged, drawn for the unpaid worker, topped up; a
	// letter on a project completed owing nothing is released.
	letter := func(project, ref string) resp {
		return e.must(201, "POST", "/api/v1/guarantees", g.bankKey, map[string]any{"project_id": project, "form": "bank_letter", "amount": "100000.00",
			"reference": ref, "valid_from": "2026-03-01", "valid_until": "2027-06-30"})
	}
	guarantee := keep("guarantee_lodged", letter(g.project, "BG-1")).str(t, "id")
	keep("guarantee_list", e.must(200, "GET", "/api/v1/guarantees", g.gcKey, nil))
	keep("project_guarantee", e.must(200, "GET", path("/guarantee"), g.gcKey, nil))
	keep("drawdown", e.must(201, "POST", "/api/v1/guarantees/"+guarantee+"/drawdowns", g.inspector, map[string]any{"amount": "100.00",
		"decision_ref": "京朝人社监令〔2026〕9号", "payees": []map[string]string{{"enrolment_id": enr3, "amount": "100.00"}}}))
	keep("top_up", e.must(201, "POST", "/api/v1/guarantees/"+guarantee+"/topups", g.bankKey, map[string]any{"amount": "100.00", "reference": "T-1"}))
	done := e.must(201, "POST", "/api/v1/projects", e.admin, map[string]any{
		"code": "G-2", "name": "朝阳配套校舍", "region_code": "110105", "owner_id": g.owner, "general_contractor_id": g.gc,
		"contract_amount": "3000000.00", "started_on": "2026-03-01", "planned_completion_on": "2027-06-30",
		"pay_day": 15, "labour_cost_cycle_days": 30, "wage_account": map[string]any{"bank_id": g.bank, "account_no": "110000000000009002"}}).str(t, "id")
	returnable := letter(done, "BG-2").str(t, "id")
	e.must(200, "POST", "/api/v1/projects/"+done+"/complete", e.admin, map[string]string{"completed_on": "2026-03-02"})
	keep("guarantee_released", e.must(200, "POST", "/api/v1/guarantees/"+returnable+"/release", g.inspector, map[string]string{"note": "竣工无欠薪"}))

	// The check of 1 December finds September's wages unpaid; the
	// inspector orders them paid. A settled order of August, as the nightly
	// check leaves one (written to the store), takes a decision.
	e.must(201, "POST", "/api/v1/checks", e.admin, map[string]string{"as_of": "2026-12-01"})
	wages := e.must(200, "GET", "/api/v1/alerts?rule=wages_unpaid&project_id="+g.project, g.inspector, nil).json(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	order := keep("order", e.must(201, "POST", "/api/v1/alerts/"+wages+"/orders", g.inspector, map[string]any{"note": "责令限期支付", "deadline": "2026-12-15"})).str(t, "id")
	keep("order_list", e.must(200, "GET", "/api/v1/orders", g.inspector, nil))
	keep("next_steps", e.must(200, "GET", "/api/v1/orders/"+order+"/next-steps", g.inspector, nil))
	settled := pastOrder(e, g.project, wages, g.gc, enr3, ledger.OrderSettled)
	keep("order_decision", e.must(201, "POST", "/api/v1/orders/"+settled+"/decisions", g.inspector, map[string]any{"step": "extra_compensation",
		"percent": 50, "note": "加付赔偿金"}))
	// The escalated guarantee alert made the general contractor a
	// candidate; with an order of its lapsed unpaid (written as the nightly
	// check leaves one) the inspector proposes it for the list and notifies
	// it.
	pastOrder(e, g.project, g.alert, g.gc, enr3, ledger.OrderLapsed)
	proposal := keep("listing_proposal", e.must(201, "POST", "/api/v1/blacklist/proposals", g.inspector, map[string]any{"project_id": g.project,
		"alert_id": g.alert, "reason": "no guarantee after two reminders",
		"responsible_persons": []map[string]string{{"name": "王五", "role": "legal_representative", "id_number": "11010519491231002X"}}})).str(t, "id")
	keep("listing_proposal_list", e.must(200, "GET", "/api/v1/blacklist/proposals", g.inspector, nil))
	keep("listing_proposal_notified", e.must(200, "POST", "/api/v1/blacklist/proposals/"+proposal+"/actions", g.inspector,
		map[string]any{"action": "notify", "on": "2026-12-01", "text": "告知书"}))
	// The unit replies; the inspector lists it (a mass incident the ground),
	// and the public list shows it.
	e.must(200, "POST", "/api/v1/blacklist/proposals/"+proposal+"/actions", g.inspector, map[string]any{"action": "reply", "on": "2026-12-01", "text": "无异议"})
	e.must(200, "POST", "/api/v1/blacklist/proposals/"+proposal+"/actions", g.inspector, map[string]any{"action": "list", "text": "列入", "ground": "mass_incident"})
	keep("public_listing_list", e.must(200, "GET", "/api/v1/blacklist", "", nil))
}

// pastOrder writes an order of August on alert naming enrolment and
// employer, as the nightly check leaves one: settled late (the wages it was
// owed and paid in the books) or lapsed unpaid.
func pastOrder(e *env, project, alert, employer, enrolment string, status ledger.PayOrderStatus) string {
	aug, hundred := ledger.MustPeriod("2026-08"), ledger.MustMoney("100.00")
	o := ledger.PayOrder{ID: ledger.NewID(ledger.PrefixPayOrder), ProjectID: project, AlertID: alert, EmployerID: employer,
		Status: status, IssuedOn: ledger.NewDate(2026, 11, 2), Deadline: ledger.NewDate(2026, 11, 16), Amount: hundred,
		LapsedOn: ledger.NewDate(2026, 11, 17), UnpaidAtLapse: hundred, IssuedBy: "test",
		Lines: []ledger.PayOrderLine{{EnrolmentID: enrolment, Name: "w", Period: aug, Amount: hundred}}}
	var books []ledger.Entry
	if status == ledger.OrderSettled {
		o.ClosedOn = ledger.NewDate(2026, 11, 20)
		owed := ledger.Account{ProjectID: project, Kind: ledger.WagesPayable, Ref: enrolment}
		cost := ledger.Account{ProjectID: project, Kind: ledger.LabourCost, Ref: employer}
		books = []ledger.Entry{ledger.Transfer(project, ledger.EntryApproval, ledger.NewDate(2026, 9, 30), aug, cost, owed, hundred),
			ledger.Transfer(project, ledger.EntryApproval, ledger.NewDate(2026, 11, 20), aug, owed, cost, hundred)}
	} else {
		o.Unpaid, o.Lines[0].Unpaid = hundred, hundred
	}
	if err := e.db.WithTx(e.t.Context(), func(tx *store.Tx) error {
		if err := store.PostEntries(tx, books); err != nil {
			return err
		}
		return store.InsertPayOrder(tx, &o)
	}); err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}
