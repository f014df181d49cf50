package demo_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wageguard/wageguard/pkg/demo"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the scenario golden files in testdata/scenarios")

// The scenario: four projects (three in Fangshan, one in Fengtai) from 1 July
// to 31 December 2025, simulated day by day through the service with every
// night checked. Its journal — each night's alerts opened, changed and
// resolved — is the golden file, the same on both databases.
var scenario = demo.Options{Seed: 7, AsOf: day("2026-01-01"), Workers: 40, EveryNight: true}

const scenarioGolden = "../../testdata/scenarios/six-months.golden"

func TestScenarioGolden(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	journals := map[string]string{}
	t.Run("nights", func(t *testing.T) {
		for _, d := range storetest.Dialects {
			t.Run(d, func(t *testing.T) {
				t.Parallel()
				opt := scenario
				opt.Journal = &demo.Journal{}
				l := load(t, d, opt)
				t.Logf("%s: loaded in %s, of which nightly checks %s", d, l.res.Took.Round(1e7), l.res.NightsIn.Round(1e7))
				wantPlanted(t, l, opt.Journal)
				mu.Lock()
				journals[d] = opt.Journal.String()
				mu.Unlock()
			})
		}
	})
	if len(journals) == 2 && journals["sqlite"] != journals["postgres"] {
		t.Errorf("the nights differ between the databases:\n%s", diff(journals["sqlite"], journals["postgres"]))
	}
	for _, d := range storetest.Dialects {
		got, ok := journals[d]
		if !ok {
			continue
		}
		if *update {
			if err := os.WriteFile(filepath.FromSlash(scenarioGolden), []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(filepath.FromSlash(scenarioGolden))
		if err != nil {
			t.Fatalf("%v (go test -run TestScenarioGolden ./pkg/demo -update writes it)", err)
		}
		if got != string(want) {
			t.Errorf("%s: the nights differ from %s (-update rewrites it):\n%s", d, scenarioGolden, diff(string(want), got))
		}
	}
}

// The scenario's nights checked with its four projects in one batch (one
// statement per kind of fact for all of them, one transaction) give the
// golden journal, which the check wrote one project at a time.
func TestScenarioGoldenInOneBatch(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile(filepath.FromSlash(scenarioGolden))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			opt := scenario
			opt.Journal = &demo.Journal{}
			loadWith(t, d, opt, 4)
			if got := opt.Journal.String(); got != string(want) {
				t.Errorf("%s in one batch: the nights differ from %s:\n%s", d, scenarioGolden, diff(string(want), got))
			}
		})
	}
}

// diff lists the lines only one side has.
func diff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var out []string
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
