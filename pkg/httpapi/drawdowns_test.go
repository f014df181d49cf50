package httpapi_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// arrears is the Hebei project with two of the contractor's workers unpaid:
// A owed ¥5,500 for August and for September, B ¥5,500 for September, and C
// owed nothing; a ¥20,000 cash deposit at the wage account's bank and a
// ¥100,000 letter of another bank.
type arrears struct {
	*hebei
	a, b, c, cash, letter string
}

func newArrears(t *testing.T, db *store.DB) *arrears {
	h := newHebei(t, db)
	s := &arrears{hebei: h}
	s.a, s.b, s.c = h.enrol(h.project, h.gcKey, workerBody(nextSeq(), h.gc, h.bank)), h.enrol(h.project, h.gcKey, workerBody(nextSeq(), h.gc, h.bank)),
		h.enrol(h.project, h.gcKey, workerBody(nextSeq(), h.gc, h.bank))
	for _, p := range []struct {
		period string
		enrs   []string
	}{{"2026-08", []string{s.a}}, {"2026-09", []string{s.a, s.b}}} {
		var lines []map[string]string
		for _, e := range p.enrs {
			lines = append(lines, payLine(e, "6000.00", "500.00", "5500.00"))
		}
		id := h.must(201, "POST", "/api/v1/projects/"+h.project+"/payrolls", h.gcKey, map[string]any{"employer_id": h.gc, "period": p.period, "lines": lines}).str(t, "id")
		h.must(200, "POST", "/api/v1/payrolls/"+id+"/approve", h.officer, nil)
	}
	s.cash = h.lodge(h.bankKey, "cash", "20000.00", "CASH-1", "2026-03-05", nil).str(t, "id")
	s.letter = h.lodge(h.otherBankKey, "bank_letter", "100000.00", "BG-1", "2026-03-01", "2027-06-30").str(t, "id")
	return s
}

func (s *arrears) draw(key, guarantee, amount, decision string, payees ...string) resp {
	s.t.Helper()
	var list []map[string]string
	for i := 0; i+1 < len(payees); i += 2 {
		list = append(list, map[string]string{"enrolment_id": payees[i], "amount": payees[i+1]})
	}
	return s.do("POST", "/api/v1/guarantees/"+guarantee+"/drawdowns", key, map[string]any{"amount": amount, "decision_ref": decision, "payees": list})
}

func (s *arrears) balance(kind ledger.AccountKind, ref string) ledger.Money {
	s.t.Helper()
	b, err := store.Balance(s.db.Reader(context.Background()), ledger.Account{ProjectID: s.project, Kind: kind, Ref: ref})
	if err != nil {
		s.t.Fatal(err)
	}
	return kind.Natural(b)
}

func (s *arrears) owed(enr, period string) ledger.Money {
	s.t.Helper()
	b, err := store.PeriodBalance(s.db.Reader(context.Background()), ledger.Account{ProjectID: s.project, Kind: ledger.WagesPayable, Ref: enr}, ledger.MustPeriod(period))
	if err != nil {
		s.t.Fatal(err)
	}
	return ledger.WagesPayable.Natural(b)
}

// confirmPaid has key's bank confirm each instruction paid in full.
func (s *arrears) confirmPaid(key string, instructions []any) []any {
	s.t.Helper()
	var items []map[string]any
	for _, it := range instructions {
		in := it.(map[string]any)
		items = append(items, map[string]any{"instruction_id": in["id"], "status": "paid", "amount": in["amount"], "bank_ref": "DD-" + in["id"].(string), "settled_on": "2026-11-02"})
	}
	return s.must(200, "POST", "/api/v1/bank/confirmations", key, map[string]any{"items": items}).json(s.t)["results"].([]any)
}

// TestDrawdownPaysTheArrearsItNames: a drawdown issues instructions paid by
// the guarantee's issuer, oldest unpaid periods first; once confirmed, they
// settle exactly those arrears from the guarantee, the wage account
// untouched, and the books, the reconciliation and the statement agree.
func TestDrawdownPaysTheArrearsItNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newArrears(t, db)
		r := s.draw(s.inspectorKey, s.cash, "8000.00", "冀人社监令〔2026〕7号", s.a, "8000.00")
		if r.Status != 201 {
			t.Fatalf("drawdown: %d %s", r.Status, r.Body)
		}
		d := r.json(t)
		// 2 November 2026 is a Monday: 5 working days → 9 November, 10 → 16 November.
		if d["result"] != "drawn" || d["pay_by"] != "2026-11-09" || d["top_up_by"] != "2026-11-16" || d["drawn_on"] != "2026-11-02" {
			t.Errorf("drawdown: %v", d)
		}
		ins := d["instructions"].([]any)
		var got []string
		for _, it := range ins {
			in := it.(map[string]any)
			got = append(got, in["period"].(string)+" "+in["amount"].(string))
			if in["paid_from"] != "guarantee/"+s.cash || in["wage_bank_id"] != s.bank || in["decision_ref"] != "冀人社监令〔2026〕7号" || in["enrolment_id"] != s.a || in["status"] != "pending" {
				t.Errorf("instruction: %v", in)
			}
		}
		if strings.Join(got, ", ") != "2026-08 5500.00, 2026-09 2500.00" {
			t.Errorf("oldest first: %v", got)
		}
		listed := map[string]map[string]any{}
		for _, it := range s.must(200, "GET", "/api/v1/guarantees?project_id="+s.project, s.gcKey, nil).json(t)["items"].([]any) {
			listed[it.(map[string]any)["id"].(string)] = it.(map[string]any)
		}
		if c := listed[s.cash]; c["state"] != "drawn" || c["drawn"] != "8000.00" || c["counts"] != "12000.00" || c["top_up_by"] != "2026-11-16" || c["top_up_note"] != nil || listed[s.letter]["top_up_by"] != nil {
			t.Errorf("guarantees after the drawdown: %v", listed)
		}
		g := s.must(200, "GET", "/api/v1/projects/"+s.project+"/guarantee", s.gcKey, nil).json(t)
		if g["held"] != "112000.00" {
			t.Errorf("held after the drawdown: %v", g["held"])
		}
		// The same decision again is a retry; other content under it a conflict.
		again := s.draw(s.inspectorKey, s.cash, "8000.00", "冀人社监令〔2026〕7号", s.a, "8000.00")
		if again.Status != 201 || again.str(t, "result") != "already_drawn" || again.str(t, "id") != d["id"] {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		s.must(409, "POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.inspectorKey, map[string]any{"amount": "100.00", "decision_ref": "冀人社监令〔2026〕7号",
			"payees": []map[string]string{{"enrolment_id": s.b, "amount": "100.00"}}})
		// What a drawdown is paying cannot be drawn again: A has ¥3,000 left to draw.
		r = s.draw(s.inspectorKey, s.letter, "6000.00", "D-2", s.a, "6000.00")
		if got := errorsOf(t, r); r.Status != 422 || strings.Join(got, " ") != "0:payees[0].amount:exceeds_owed" || !strings.Contains(string(r.Body), "is owed for periods past their pay day, ¥3000.00") {
			t.Errorf("in flight: %v %s", got, r.Body)
		}
		// The issuer confirms: the guarantee pays, the wage account is untouched.
		for _, res := range s.confirmPaid(s.bankKey, ins) {
			if m := res.(map[string]any); m["result"] != "applied" || m["exception"] != nil {
				t.Errorf("confirmation: %v", m)
			}
		}
		if s.balance(ledger.Guarantee, s.cash) != ledger.MustMoney("12000.00") || s.balance(ledger.WageAccount, "") != 0 {
			t.Errorf("guarantee holds %s, wage account %s", s.balance(ledger.Guarantee, s.cash), s.balance(ledger.WageAccount, ""))
		}
		if s.owed(s.a, "2026-08") != 0 || s.owed(s.a, "2026-09") != ledger.MustMoney("3000.00") || s.owed(s.b, "2026-09") != ledger.MustMoney("5500.00") {
			t.Errorf("owed: A Aug %s, A Sep %s, B Sep %s", s.owed(s.a, "2026-08"), s.owed(s.a, "2026-09"), s.owed(s.b, "2026-09"))
		}
		// A letter's drawdown posts what the contractor now owes its issuer; another bank may not confirm it.
		r = s.must(201, "POST", "/api/v1/guarantees/"+s.letter+"/drawdowns", s.inspectorKey, map[string]any{"amount": "8500.00", "decision_ref": "D-3",
			"payees": []map[string]string{{"enrolment_id": s.a, "amount": "3000.00"}, {"enrolment_id": s.b, "amount": "5500.00"}}})
		letterIns := r.json(t)["instructions"].([]any)
		wrong := s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": []map[string]any{{"instruction_id": letterIns[0].(map[string]any)["id"],
			"status": "paid", "amount": "3000.00", "bank_ref": "WRONG-1", "settled_on": "2026-11-02"}}}).json(t)["results"].([]any)[0].(map[string]any)
		if wrong["result"] != "refused" {
			t.Errorf("the wage bank confirmed another bank's letter: %v", wrong)
		}
		s.confirmPaid(s.otherBankKey, letterIns)
		if s.balance(ledger.GuaranteeClaims, s.letter) != ledger.MustMoney("8500.00") || s.balance(ledger.WageAccount, "") != 0 || s.owed(s.a, "2026-09") != 0 || s.owed(s.b, "2026-09") != 0 {
			t.Errorf("claims %s, wage account %s", s.balance(ledger.GuaranteeClaims, s.letter), s.balance(ledger.WageAccount, ""))
		}
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) > 0 {
			t.Errorf("ledger verify: %+v %v", rep, err)
		}
		// The reconciliation shows the guarantee as payer: August's ¥5,500 to A
		// from the cash; September's ¥2,500 + ¥3,000 to A and ¥5,500 to B.
		for period, want := range map[string]struct{ total, a, b string }{"2026-08": {"5500.00", "5500.00", ""}, "2026-09": {"11000.00", "5500.00", "5500.00"}} {
			rec := s.must(200, "GET", "/api/v1/projects/"+s.project+"/reconciliation?period="+period, s.gcKey, nil).json(t)
			// 20,000 cash less 8,000 drawn, and 100,000 of letter less 8,500 drawn.
			if rec["ties_out"] != true || rec["unpaid"] != "0.00" || rec["guarantee_held"] != "103500.00" {
				t.Errorf("reconciliation %s: ties_out %v unpaid %v guarantee held %v", period, rec["ties_out"], rec["unpaid"], rec["guarantee_held"])
			}
			if rec["guarantee_paid"] != want.total || rec["paid"] != want.total || rec["advanced"] != "0.00" {
				t.Errorf("reconciliation %s: guarantee paid %v of %v, want %s", period, rec["guarantee_paid"], rec["paid"], want.total)
			}
			if es := rec["employers"].([]any); len(es) != 1 || es[0].(map[string]any)["guarantee_paid"] != want.total {
				t.Errorf("reconciliation %s by employer: %v", period, es)
			}
			for _, w := range rec["workers"].([]any) {
				w := w.(map[string]any)
				if got, wantW := w["guarantee_paid"], map[string]string{s.a: want.a, s.b: want.b}[w["enrolment_id"].(string)]; got != wantW {
					t.Errorf("reconciliation %s: worker %v guarantee paid %v, want %s", period, w["enrolment_id"], got, wantW)
				}
			}
		}
		// The worker's statement shows who paid: the cash deposit for August, the cash and the letter for September.
		payers := map[string][]string{}
		for _, p := range s.must(200, "GET", "/api/v1/workers/"+s.a+"/statement", s.gcKey, nil).json(t)["periods"].([]any) {
			p := p.(map[string]any)
			for _, pay := range p["payments"].([]any) {
				payers[p["period"].(string)] = append(payers[p["period"].(string)], pay.(map[string]any)["paid_from"].(string)+" "+pay.(map[string]any)["amount"].(string))
			}
		}
		sort.Strings(payers["2026-09"]) // settled the same day: in no order
		if strings.Join(payers["2026-08"], ", ") != "guarantee/"+s.cash+" 5500.00" ||
			strings.Join(payers["2026-09"], ", ") != "guarantee/"+s.cash+" 2500.00, guarantee_claims/"+s.letter+" 3000.00" {
			t.Errorf("statement payers: %v", payers)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestBadDrawdownIsRefused: each refusal says why and changes nothing.
func TestBadDrawdownIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newArrears(t, db)
		before := s.changes()
		cases := []struct {
			amount string
			payees []string
			want   string
		}{
			{"20000.02", []string{s.a, "11000.00", s.b, "5500.00", s.c, "3500.01"}, "0:amount:exceeds_cover 0:payees[2].enrolment_id:not_owed 0:amount:sum_mismatch"},
			{"11000.01", []string{s.a, "11000.01"}, "0:payees[0].amount:exceeds_owed"},
			{"100.00", []string{s.a, "50.00", s.a, "50.00"}, "0:payees[1].enrolment_id:duplicate"},
			{"100.00", nil, "0:payees:required"},
			{"100.00", []string{"enr_nobody", "100.00"}, "0:payees[0].enrolment_id:not_owed"},
		}
		for i, c := range cases {
			r := s.draw(s.inspectorKey, s.cash, c.amount, "D-"+itoa(i), c.payees...)
			if got := strings.Join(errorsOf(t, r), " "); r.Status != 422 || got != c.want {
				t.Errorf("case %d: %d %s, want %s", i, r.Status, got, c.want)
			}
		}
		if r := s.draw(s.inspectorKey, s.cash, "100.00", "", s.a, "100.00"); strings.Join(errorsOf(t, r), " ") != "0:decision_ref:required" {
			t.Errorf("no decision: %s", r.Body)
		}
		// The alert it answers must be one about the project.
		r0 := s.do("POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.inspectorKey, map[string]any{"amount": "100.00", "decision_ref": "D-A",
			"alert_id": "alt_nowhere", "payees": []map[string]string{{"enrolment_id": s.a, "amount": "100.00"}}})
		if got := strings.Join(errorsOf(t, r0), " "); r0.Status != 422 || got != "0:alert_id:not_found" {
			t.Errorf("a drawdown answering no alert of the project: %d %s", r0.Status, r0.Body)
		}
		s.must(403, "POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.gcKey, map[string]any{})
		s.must(403, "POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.bankKey, map[string]any{})
		r := s.must(404, "POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.farInspectorKey, map[string]any{})
		if !strings.Contains(r.str(t, "detail"), "guarantee") {
			t.Errorf("another region's inspector: %s", r.Body)
		}
		if s.changes() != before || s.count("guarantee_drawdowns") != 0 {
			t.Error("a refused drawdown changed something")
		}
		// Wages not yet due are not arrears: C's October wages fall due on
		// Friday 13 November (the 15th is a Sunday), so on 2 November a
		// drawdown cannot pay them. The refusal names the worker.
		oct := s.must(201, "POST", "/api/v1/projects/"+s.project+"/payrolls", s.gcKey, map[string]any{"employer_id": s.gc, "period": "2026-10",
			"lines": []map[string]string{payLine(s.c, "6000.00", "500.00", "5500.00")}}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+oct+"/approve", s.officer, nil)
		notDue := map[string]any{"amount": "100.00", "decision_ref": "D-10", "payees": []map[string]string{{"enrolment_id": s.c, "amount": "100.00"}}}
		r = s.do("POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.inspectorKey, notDue)
		if got := strings.Join(errorsOf(t, r), " "); r.Status != 422 || got != "0:payees[0].enrolment_id:not_due" ||
			!strings.Contains(string(r.Body), " ("+s.c+") is owed nothing past its pay day: the ¥5500.00 unpaid falls due on 2026-11-13 at the earliest") {
			t.Errorf("wages not yet due: %d %s", r.Status, r.Body)
		}
		r = s.do("POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.inspectorKey, notDue, "Accept-Language", "zh-CN")
		if !strings.Contains(string(r.Body), "（"+s.c+"）没有已过发薪日的欠薪：未付的 ¥5500.00 最早于 2026-11-13 到期") {
			t.Errorf("wages not yet due, in Chinese: %s", r.Body)
		}
		if s.count("guarantee_drawdowns") != 0 {
			t.Error("a drawdown of wages not yet due was made")
		}
		// An expired letter cannot be drawn on.
		expired := s.lodge(s.bankKey, "bank_letter", "1000.00", "BG-OLD", "2025-01-01", "2026-10-31").str(t, "id")
		if r := s.draw(s.inspectorKey, expired, "100.00", "D-9", s.a, "100.00"); r.Status != 409 || !strings.Contains(r.str(t, "detail"), "is expired") {
			t.Errorf("expired letter: %d %s", r.Status, r.Body)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestTopUpDeadlineSaysTheNoticeIsMissing: a drawdown on 24 December 2026
// counts its top-up deadline into 2027, a year whose State Council holiday
// notice is not loaded: the drawdown and the guarantee's listing both say
// the date may still move, in the reader's language.
func TestTopUpDeadlineSaysTheNoticeIsMissing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newArrears(t, db)
		d := s.must(201, "POST", "/api/v1/guarantees/"+s.cash+"/drawdowns", s.inspectorKey, map[string]any{"amount": "100.00", "decision_ref": "D-12",
			"payees": []map[string]string{{"enrolment_id": s.a, "amount": "100.00"}}}).json(t)
		if note, _ := d["deadline_note"].(string); !strings.Contains(note, "2027 has no State Council holiday notice") {
			t.Errorf("drawdown: top up by %v, note %q", d["top_up_by"], note)
		}
		for _, lang := range []string{"en", "zh-CN"} {
			want := map[string]string{"en": "2027 has no State Council holiday notice", "zh-CN": "2027 年"}[lang]
			for _, it := range s.must(200, "GET", "/api/v1/guarantees?project_id="+s.project, s.gcKey, nil, "Accept-Language", lang).json(t)["items"].([]any) {
				g := it.(map[string]any)
				note, _ := g["top_up_note"].(string)
				switch {
				case g["id"] == s.cash && (g["top_up_by"] != d["top_up_by"] || !strings.Contains(note, want)):
					t.Errorf("%s: drawn guarantee: top up by %v, note %q", lang, g["top_up_by"], note)
				case g["id"] != s.cash && g["top_up_note"] != nil:
					t.Errorf("%s: a guarantee never drawn has a top-up note: %v", lang, g)
				}
			}
		}
	}, store.WithClock(storetest.NewClock(time.Date(2026, 12, 24, 2, 0, 0, 0, time.UTC)).Now))
}
