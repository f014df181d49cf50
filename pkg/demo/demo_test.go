package demo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/demo"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// The same seed and as-of date give the same people, money and alerts,
// night by night; the generated IDs aside, nothing differs.
func TestDemoIsDeterministic(t *testing.T) {
	t.Parallel()
	opt := demo.Options{Seed: 42, AsOf: day("2026-03-15"), Workers: 30}
	var runs [2]struct {
		res     *demo.Result
		journal *demo.Journal
		people  []string
	}
	t.Run("twice", func(t *testing.T) {
		for i := range runs {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				o := opt
				o.Journal = &demo.Journal{}
				l := load(t, "sqlite", o) // closed when the subtest ends
				runs[i].res, runs[i].journal, runs[i].people = l.res, o.Journal, roster(t, l)
			})
		}
	})
	if t.Failed() {
		return
	}
	a, b := runs[0], runs[1]
	if a.res.Figures != b.res.Figures || a.res.AlertLine(i18n.EN) != b.res.AlertLine(i18n.EN) {
		t.Errorf("figures differ:\n%+v %s\n%+v %s", a.res.Figures, a.res.AlertLine(i18n.EN), b.res.Figures, b.res.AlertLine(i18n.EN))
	}
	if a.journal.String() != b.journal.String() {
		t.Errorf("the nights differ:\n%s", diff(a.journal.String(), b.journal.String()))
	}
	if !slices.Equal(a.people, b.people) || len(a.people) != a.res.Figures.Workers {
		t.Errorf("the people differ (%d and %d of %d workers)", len(a.people), len(b.people), a.res.Figures.Workers)
	}
	if a.res.Figures.Nights == 0 || a.res.Figures.Paid == 0 || len(a.journal.Lines) == 0 {
		t.Errorf("the demo did nothing: %+v", a.res.Figures)
	}
}

// roster lists every enrolled worker's name, masked identity and masked
// card, project by project.
func roster(t *testing.T, l *loaded) []string {
	t.Helper()
	var out []string
	ctx := service.WithCaller(context.Background(), service.System)
	for _, key := range []string{"P1", "P2", "P3", "P4"} {
		ws, err := l.svc.ListWorkers(ctx, store.EnrolmentFilter{ProjectID: l.res.ProjectIDs[key], Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			out = append(out, key+" "+w.Name+" "+w.IDNumber+" "+w.BankCard+" "+w.Phone)
		}
	}
	slices.Sort(out)
	return out
}

// Today's demo: every planted problem is its rule's alert, and each printed
// key signs in, through the real router, as its role and sees what that
// role may see: a district inspector its district, a city inspector both.
func TestDemoTodayPlantsItsProblemsAndItsKeysSignIn(t *testing.T) {
	t.Parallel()
	j := &demo.Journal{}
	l := load(t, "sqlite", demo.Options{Seed: 1, AsOf: ledger.DateOf(time.Now()), Workers: 60, Journal: j})
	wantPlanted(t, l, j)
	h := httpapi.New(l.svc, httpapi.Options{}).Handler()
	codes := map[string]string{}
	for _, p := range []string{"P1", "P2", "P3", "P4"} {
		codes[l.res.ProjectIDs[p]] = p
	}
	want := map[string]struct {
		role     ledger.Role
		projects string // the projects the key lists
		alerts   string // the projects whose alerts it lists
	}{
		"administrator":      {ledger.RoleAdmin, "P1 P2 P3 P4", "P1 P2 P3 P4"},
		"general contractor": {ledger.RoleContractor, "P1 P3", "P1 P3"},
		"subcontractor":      {ledger.RoleContractor, "P3", "P3"},
		"bank":               {ledger.RoleBank, "P1 P2 P3", ""},
		"district inspector": {ledger.RoleInspector, "P1 P2 P3", "P1 P2 P3"},
		"city inspector":     {ledger.RoleInspector, "P1 P2 P3 P4", "P1 P2 P3 P4"},
	}
	if len(l.res.Keys) != len(want) {
		t.Fatalf("%d keys printed, want %d", len(l.res.Keys), len(want))
	}
	for _, k := range l.res.Keys {
		w, ok := want[k.As]
		if !ok || k.Role != w.role {
			t.Errorf("key for %q has role %s", k.As, k.Role)
			continue
		}
		if got := listed(t, h, k.Key, "/api/v1/projects", "id", codes); got != w.projects {
			t.Errorf("%s lists projects %q, want %q", k.As, got, w.projects)
		}
		if k.Role == ledger.RoleBank {
			continue
		}
		if got := listed(t, h, k.Key, "/api/v1/alerts?limit=500", "project_id", codes); got != w.alerts {
			t.Errorf("%s lists alerts of %q, want %q", k.As, got, w.alerts)
		}
	}
	var printed strings.Builder
	l.res.Print(&printed, "http://127.0.0.1:8080/console/", i18n.EN)
	for _, k := range l.res.Keys {
		if !strings.Contains(printed.String(), k.As) || !strings.Contains(printed.String(), k.Key) {
			t.Errorf("the printout lacks the %s key", k.As)
		}
	}
	if !strings.Contains(printed.String(), "http://127.0.0.1:8080/console/") {
		t.Error("the printout lacks the console's address")
	}
}

// listed GETs path with key and returns the distinct projects (by their
// plan keys) its items name in field.
func listed(t *testing.T, h http.Handler, key, path, field string, codes map[string]string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	var body struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range body.Items {
		id, _ := it[field].(string)
		if c := codes[id]; c != "" && !slices.Contains(got, c) {
			got = append(got, c)
		}
	}
	slices.Sort(got)
	return strings.Join(got, " ")
}
