package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestNoIdentityNumberLeaks fills the database through the API, then
// searches every table, every log line and every response body of the run
// for the full identity numbers, card numbers, phone numbers and API keys it
// used: none may appear in the clear.
func TestNoIdentityNumberLeaks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "310115")
		var secrets []string
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		var enrolments []string
		for i := 1; i <= 3; i++ {
			w := workerBody(500+i, s.sub, s.bank)
			secrets = append(secrets, w["id_number"].(string), w["bank_card"].(string), w["phone"].(string))
			r := s.must(201, "POST", s.path("/workers"), s.subKey, w)
			enrolments = append(enrolments, r.str(t, "id"))
		}
		// Errors about these people must not echo them either.
		dup := workerBody(501, s.sub, s.bank)
		dup["name"] = "冒名者"
		s.must(422, "POST", s.path("/workers"), s.gcKey, dup)
		shared := workerBody(600, s.sub, s.bank)
		shared["bank_card"] = secrets[1]
		secrets = append(secrets, shared["id_number"].(string), shared["phone"].(string))
		s.must(201, "POST", s.path("/workers"), s.subKey, shared)
		passbook := workerBody(650, s.sub, s.bank) // an account that is not a card, refused as a card first
		passbook["bank_card"] = "62284801234567650"
		secrets = append(secrets, passbook["id_number"].(string), passbook["bank_card"].(string), passbook["phone"].(string))
		s.must(422, "POST", s.path("/workers"), s.subKey, passbook)
		passbook["account_kind"] = "account"
		s.must(201, "POST", s.path("/workers"), s.subKey, passbook)
		csv := rosterHeader
		for i := 700; i < 705; i++ {
			csv += rosterRow(i, bankName)
			w := workerBody(i, "", "")
			secrets = append(secrets, w["id_number"].(string), w["bank_card"].(string), w["phone"].(string))
		}
		s.must(400, "POST", s.path("/workers/import"), s.gcKey, nil) // an empty body is refused…
		s.upload(s.path("/workers/import"), s.gcKey, "roster.csv", []byte(csv))
		s.upload(s.path("/workers/import"), s.gcKey, "roster.csv", []byte(csv)) // …and a replay answers from the store
		zeroed := rosterHeader + rosterRow(800, bankName)
		secrets = append(secrets, workerBody(800, "", "")["id_number"].(string))
		s.upload(s.path("/workers/import"), s.gcKey, "bad.csv", []byte(strings.Replace(zeroed, "工人", "", 1)))
		newCard := ledger.CompleteBankCard("621483000000000077")
		secrets = append(secrets, newCard, "13912340077")
		s.must(200, "PATCH", s.path("/workers/"+enrolments[0]), s.subKey, map[string]string{"bank_card": newCard, "bank_id": s.bank, "phone": "13912340077"})
		s.must(201, "POST", s.path("/attendance"), s.gcKey, []map[string]any{{"id_number": secrets[0], "date": "2026-03-05", "hours": "8"}})
		s.must(422, "POST", s.path("/attendance"), s.gcKey, []map[string]any{{"id_number": secrets[0], "date": "2026-01-05", "hours": "8"}})
		s.must(200, "GET", s.path("/workers?limit=1000"), s.gcKey, nil)
		s.must(200, "GET", s.path("/workers/"+enrolments[0]), s.gcKey, nil)
		s.must(200, "GET", "/api/v1/audit?limit=1000", s.admin, nil)
		// API keys are shown once, in the answer that creates them: search
		// for them in the tables and the log only.
		keys := []string{s.admin, s.gcKey, s.subKey}
		// A key created under an Idempotency-Key: its answer is kept so that
		// a retry gets the key once more, but not in the clear.
		keyReq := map[string]string{"role": "contractor", "label": "retried"}
		created := s.must(201, "POST", "/api/v1/organizations/"+s.gc+"/keys", s.admin, keyReq, "Idempotency-Key", "privacy-key")
		retried := s.must(201, "POST", "/api/v1/organizations/"+s.gc+"/keys", s.admin, keyReq, "Idempotency-Key", "privacy-key")
		keyed := created.str(t, "key")
		if retried.Header.Get("Idempotency-Hit") != "true" || retried.str(t, "key") != keyed {
			t.Errorf("the retried key creation: hit=%q %s, want the key again", retried.Header.Get("Idempotency-Hit"), retried.Body)
		}
		if n := s.count("idempotency_keys"); n == 0 {
			t.Fatal("no idempotent response stored: the search would prove nothing")
		}
		keys = append(keys, keyed, keyed[strings.LastIndex(keyed, "_")+1:]) // the key, and its secret alone

		haystacks := map[string]string{"log": s.logs.String(), "responses": s.bodies.String()}
		tables, err := db.Tables(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			rows, err := db.TableText(context.Background(), tb)
			if err != nil {
				t.Fatalf("%s: %v", tb, err)
			}
			haystacks["table "+tb] = strings.Join(rows, "\n")
		}
		if !strings.Contains(haystacks["table enrolments"], "****") || len(haystacks["responses"]) < 1000 {
			t.Fatal("the run stored or answered nothing: the search would prove nothing")
		}
		for where, text := range haystacks {
			look := secrets
			if where != "responses" {
				look = append(append([]string{}, secrets...), keys...)
			}
			for _, secret := range look {
				if strings.Contains(text, secret) {
					t.Errorf("%s contains %s…%s in the clear", where, secret[:4], secret[len(secret)-2:])
				}
			}
		}
		t.Logf("searched %d tables, %d bytes of logs and %d bytes of responses for %d secrets", len(tables), len(haystacks["log"]), len(haystacks["responses"]), len(secrets))
	})
}

// TestNoReceiptCodeInLog: a complaint's receipt code is a credential like
// the payslip token that filed it: the access log names the route of the
// receipt pages but never the code, however it was typed, nor the token.
func TestNoReceiptCodeInLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		tok := s.tokens[0]
		code := s.must(201, "POST", "/api/v1/payslips/"+tok+"/complaints", "", map[string]any{"summary": "十月工资未发"}).Header.Get(httpapi.ReceiptHeader)
		bare := strings.ReplaceAll(code, "-", "")
		for _, typed := range []string{code, strings.ToLower(code), bare} {
			s.must(200, "GET", "/api/v1/complaints/receipts/"+typed, "", nil)
			s.must(200, "GET", "/w/receipts/"+typed, "", nil)
		}
		// Another last character: "Z" when the code does not end in it
		// (one code in 32 does, and then the "wrong" code was the right one).
		wrong := code[:len(code)-1] + "Z"
		if strings.HasSuffix(code, "Z") {
			wrong = code[:len(code)-1] + "Y"
		}
		s.must(404, "GET", "/w/receipts/"+wrong, "", nil)
		log := s.logs.String()
		if !strings.Contains(log, `"route":"/w/receipts/:code"`) || !strings.Contains(log, `"route":"/api/v1/complaints/receipts/:code"`) {
			t.Fatalf("the receipt routes are not in the log: the search would prove nothing\n%s", log)
		}
		for _, secret := range []string{code, bare, strings.ToLower(bare), code[:len(code)-1], tok} {
			if strings.Contains(log, secret) {
				t.Errorf("the log contains %s…", secret[:4])
			}
		}
	})
}
