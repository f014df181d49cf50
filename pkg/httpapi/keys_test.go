package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// An API key may carry an expiry: given as a date (it works through that
// day) or a time, listed with it, and refused with 401 once it has come.
// Only an administrator lists an organisation's keys.
func TestAPIKeyExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		keys := "/api/v1/organizations/" + s.gc + "/keys"
		r := s.must(422, "POST", keys, s.admin, map[string]any{"role": "contractor", "expires_at": "2020-01-01"})
		if got := strings.Join(errorsOf(t, r), " "); got != "0:expires_at:range" {
			t.Errorf("an expiry in the past: %s", got)
		}
		r = s.must(422, "POST", keys, s.admin, map[string]any{"role": "contractor", "expires_at": "soon"})
		if got := strings.Join(errorsOf(t, r), " "); got != "0:expires_at:format" {
			t.Errorf("an expiry that is no date: %s", got)
		}
		made := s.must(201, "POST", keys, s.admin, map[string]any{"role": "contractor", "label": "temp clerk", "expires_at": "2099-06-30"}).json(t)
		if made["expires_at"] != "2099-06-30T16:00:00Z" { // the end of 30 June in Shanghai
			t.Errorf("expires_at %v", made["expires_at"])
		}
		key, id := made["key"].(string), made["id"].(string)
		s.must(200, "GET", s.path(""), key, nil)
		list := s.must(200, "GET", keys, s.admin, nil).json(t)["items"].([]any)
		var listed map[string]any
		for _, k := range list {
			if k.(map[string]any)["id"] == id {
				listed = k.(map[string]any)
			}
			if _, shown := k.(map[string]any)["key"]; shown {
				t.Errorf("a listed key shows its secret: %v", k)
			}
		}
		if listed == nil || listed["expires_at"] != "2099-06-30T16:00:00Z" || listed["label"] != "temp clerk" {
			t.Fatalf("listed: %v", list)
		}
		for _, who := range []string{s.gcKey, s.subKey, s.key(s.bank, ledger.RoleBank)} {
			s.must(403, "GET", keys, who, nil)
		}
		// Its expiry comes: the key is refused, and says why.
		if err := db.ExecRaw(context.Background(), "UPDATE api_keys SET expires_at = ? WHERE id = ?", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), id); err != nil {
			t.Fatal(err)
		}
		r = s.must(401, "GET", s.path(""), key, nil)
		if !strings.Contains(r.str(t, "detail"), "expired at 2026-01-01 08:00") {
			t.Errorf("expired key: %s", r.Body)
		}
		r = s.must(401, "GET", s.path(""), key, nil, "Accept-Language", "zh-CN")
		if !strings.Contains(r.str(t, "detail"), "API 密钥已于 2026-01-01 08:00 过期") {
			t.Errorf("expired key in Chinese: %s", r.Body)
		}
	})
}

// Four-eyes: the key that submitted a payroll cannot approve it; another
// key of the general contractor can. A policy may let a small contractor's
// payroll of at most N workers be approved with the same key.
func TestFourEyesApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		a := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		b := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		submit := func(period string, enrs ...string) string {
			var lines []map[string]string
			for _, e := range enrs {
				lines = append(lines, payLine(e, "6000.00", "0", "6000.00"))
			}
			return s.must(201, "POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.gc, "period": period, "lines": lines}).str(t, "id")
		}
		oct := submit("2026-10", a, b)
		r := s.must(403, "POST", "/api/v1/payrolls/"+oct+"/approve", s.gcKey, nil)
		if !strings.Contains(r.str(t, "detail"), "four-eyes") {
			t.Errorf("same key: %s", r.Body)
		}
		if st := s.must(200, "GET", "/api/v1/payrolls/"+oct, s.gcKey, nil).str(t, "status"); st != "submitted" {
			t.Errorf("refused approval left the payroll %s", st)
		}
		s.must(200, "POST", "/api/v1/payrolls/"+oct+"/approve", s.officer, nil)
		// Beijing lets a payroll of at most one worker be approved by its submitter.
		policy, err := ledger.ParsePolicy([]byte(`{"params":[{"region":"110000","from":"2020-01-01","source":"test notice",
			"values":{"payroll.four_eyes.exempt_lines":1}}]}`))
		if err != nil {
			t.Fatal(err)
		}
		s.svc.Policy = policy
		nov := submit("2026-09", a)
		s.must(200, "POST", "/api/v1/payrolls/"+nov+"/approve", s.gcKey, nil)
		dec := submit("2026-08", a, b)
		r = s.must(403, "POST", "/api/v1/payrolls/"+dec+"/approve", s.gcKey, nil)
		if !strings.Contains(r.str(t, "detail"), "at most 1") {
			t.Errorf("two workers over the allowance of one: %s", r.Body)
		}
	})
}

// Four-eyes is between parties, not keys: a subcontractor's payroll that
// the general contractor wrote itself is not approved by another of the
// GC's keys (nor by a second key of the subcontractor); the subcontractor
// submits it and the GC's wage officer approves, or an administrator does.
func TestFourEyesIsBetweenOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		subSecond := s.key(s.sub, ledger.RoleContractor)
		a := s.enrol(s.project, s.subKey, workerBody(nextSeq(), s.sub, s.bank))
		submit := func(key, period string) string {
			return s.must(201, "POST", s.path("/payrolls"), key, map[string]any{"employer_id": s.sub, "period": period,
				"lines": []map[string]string{payLine(a, "6000.00", "0", "6000.00")}}).str(t, "id")
		}
		byGC := submit(s.gcKey, "2026-10")
		r := s.must(403, "POST", "/api/v1/payrolls/"+byGC+"/approve", s.officer, nil)
		if !strings.Contains(r.str(t, "detail"), "submitted by your organisation") || r.str(t, "code") != "forbidden" {
			t.Errorf("the GC approving the sub's payroll it wrote itself: %s", r.Body)
		}
		r = s.must(403, "POST", "/api/v1/payrolls/"+byGC+"/approve", s.officer, nil, "Accept-Language", "zh-CN")
		if !strings.Contains(r.str(t, "detail"), "双人复核") {
			t.Errorf("in Chinese: %s", r.Body)
		}
		s.must(403, "POST", "/api/v1/payrolls/"+byGC+"/approve", subSecond, nil) // a sub never approves
		s.must(200, "POST", "/api/v1/payrolls/"+byGC+"/approve", s.admin, nil)
		bySub := submit(s.subKey, "2026-09")
		s.must(200, "POST", "/api/v1/payrolls/"+bySub+"/approve", s.officer, nil)
	})
}
