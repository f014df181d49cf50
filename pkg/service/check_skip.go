package service

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// A run of a night that was checked before skips the projects whose inputs
// did not change since (issue 14: a re-run of the same night under twice
// the scan), with the same result: the night was kept (store.CheckInputs)
// only when it left the project's alerts as a run of it again leaves them,
// and a project is skipped only when everything its night is decided from
// digests the same: the code, the policy and calendar, the schema and the
// secret keys, the project itself, what was recorded of it since (every
// change is audited on its chain: store.ChangeMarks), its complaints, orders
// to pay, work-injury policies and certificates as they are now
// (store.RecordMarks), its alerts with their versions, and for sizing its
// contractor's other projects and their marks, its listings on the
// dishonesty list, the alert history that counts and the first night
// checked.

// nightInputs is what a run read, before any fact, to digest each
// project's inputs.
type nightInputs struct {
	base  string
	marks map[string]string
	// records are each project's complaints, orders to pay, policies and
	// certificates (store.RecordMarks); listings each unit's listings.
	records  map[string]string
	listings map[string]string
	alerts   map[string][]store.AlertVersion
	stored   map[string]store.CheckInput
	gcs      map[string]string
	history  map[string]store.ContractorDays
	known    ledger.Date
	// all are every project in the database, by ID.
	all []*ledger.Project
}

// errInputsMoved says a project chosen to be skipped changed before its
// batch's transaction: the batch is checked again without skipping.
var errInputsMoved = errors.New("service: a project's alerts changed since its inputs were read")

// readInputs reads the night's inputs digests rest on, all every project
// in the database (by ID, as the night read them before): the change
// marks first, so that a change made while the run reads only makes the
// next run check the project again. Each read names the projects, which
// holds it to their shards on a Citus cluster (store: onShardsOf).
func (s *Service) readInputs(q store.Querier, asOf ledger.Date, all []*ledger.Project) (*nightInputs, error) {
	in := &nightInputs{gcs: map[string]string{}, all: all}
	ids := projectIDs(all)
	var err error
	if in.marks, err = store.ChangeMarks(q, ids); err != nil {
		return nil, err
	}
	if in.records, err = store.RecordMarks(q, ids); err != nil {
		return nil, err
	}
	if in.listings, err = store.ListingMarks(q, ids); err != nil {
		return nil, err
	}
	setting, err := store.CheckSetting(q)
	if err != nil {
		return nil, err
	}
	if in.alerts, err = store.AlertVersions(q, ids); err != nil {
		return nil, err
	}
	if in.stored, err = store.CheckInputs(q, asOf, ids); err != nil {
		return nil, err
	}
	if in.known, err = store.FirstCheckedDate(q); err != nil {
		return nil, err
	}
	var gcIDs []string
	for _, p := range in.all { // by ID
		row, _ := json.Marshal(p) // a project always marshals
		if _, ok := in.gcs[p.GeneralContractorID]; !ok {
			gcIDs = append(gcIDs, p.GeneralContractorID)
		}
		in.gcs[p.GeneralContractorID] += fmt.Sprintf("%s %s\n", row, in.marks[p.ID])
	}
	if in.history, err = store.ContractorHistories(q, gcIDs, ids); err != nil {
		return nil, err
	}
	policy, err := json.Marshal(s.policy())
	if err != nil { // never so (plain data); if it were, nothing would be skipped
		policy = []byte("unreadable " + ledger.NewID("x"))
	}
	in.base = fmt.Sprintf("code %s\npolicy %s\ncalendar %+v\n%s\nas of %s\n", codeDigest(), policy, *s.calendar(), setting, asOf)
	return in, nil
}

// digest is what project p's night is decided from, alerts its alerts'
// versions.
func (in *nightInputs) digest(p *ledger.Project, alerts []store.AlertVersion) string {
	h := sha256.New()
	row, _ := json.Marshal(p)
	fmt.Fprintf(h, "%s%s\nmark %s\n%s", in.base, row, in.marks[p.ID], in.records[p.ID])
	for _, a := range alerts {
		fmt.Fprintf(h, "alert %s v%d\n", a.ID, a.Version)
	}
	if p.ContractAmount > 0 { // sizing reads the contractor's record
		fmt.Fprintf(h, "contractor\n%s%s", in.gcs[p.GeneralContractorID], in.listings[p.GeneralContractorID])
		// Only history before signing counts (ledger.RecordHistory.Apply).
		days := in.history[p.GeneralContractorID]
		for _, d := range days.Arrears {
			if d.Before(p.StartedOn) {
				fmt.Fprintf(h, "arrears %s\n", d)
			}
		}
		for _, d := range days.Compliance {
			if d.Before(p.StartedOn) {
				fmt.Fprintf(h, "compliance %s\n", d)
			}
		}
		if known := in.known; !known.IsZero() && known.Before(p.StartedOn) { // else Apply ignores the history
			fmt.Fprintf(h, "known from %s\n", known)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// skipping lists the projects whose night was kept with the digest their
// inputs have now.
func (in *nightInputs) skipping(projects []*ledger.Project) map[string]bool {
	out := map[string]bool{}
	for _, p := range projects {
		if kept, ok := in.stored[p.ID]; ok && kept.Digest == in.digest(p, in.alerts[p.ID]) {
			out[p.ID] = true
		}
	}
	return out
}

// projectIDs are projects' IDs, in their order.
func projectIDs(projects []*ledger.Project) []string {
	ids := make([]string, len(projects))
	for i, p := range projects {
		ids[i] = p.ID
	}
	return ids
}

// versionsOf are alerts' IDs and versions, in ID order.
func versionsOf(alerts []ledger.Alert) []store.AlertVersion {
	out := make([]store.AlertVersion, len(alerts))
	for i, a := range alerts {
		out[i] = store.AlertVersion{ProjectID: a.ProjectID, ID: a.ID, Version: a.Version}
	}
	slices.SortFunc(out, func(a, b store.AlertVersion) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// skippedCounts are the counts a skipped project reports: what a run of
// its night again reports, its findings and no change.
func skippedCounts(kept store.CheckInput) map[ledger.Rule]*ledger.RuleCounts {
	out := map[ledger.Rule]*ledger.RuleCounts{}
	for r, n := range kept.Found {
		out[r] = &ledger.RuleCounts{Found: n}
	}
	return out
}

// keptNight is what a checked project's night keeps for a run of it again:
// nothing (ok false) unless that run would change nothing, after its
// alerts as this run left them.
func (s *Service) keptNight(n *night, p *ledger.Project, pn *projectNight, after []ledger.Alert) (store.CheckInput, bool) {
	if !reflect.DeepEqual(ledger.PayOrders(after), pn.orders) {
		return store.CheckInput{}, false
	}
	again := ledger.PlanAlerts(p.ID, after, pn.findings, n.asOf, pn.cleared, func() string { return ledger.NewIDIn(ledger.PrefixAlert, p.ID) })
	if len(again.Insert)+len(again.Update)+len(again.Events) > 0 {
		return store.CheckInput{}, false
	}
	found := map[ledger.Rule]int{}
	for r, c := range pn.plan.Counts {
		if c.Found > 0 {
			found[r] = c.Found
		}
	}
	return store.CheckInput{Digest: n.inputs.digest(p, versionsOf(after)), Found: found}, true
}

// codeDigest is the digest of the running program: a new release decides
// every night again. A program that cannot read itself gets a digest of
// its own, so another process never skips on its word.
var codeDigest = sync.OnceValue(func() string {
	h := sha256.New()
	// /proc/self/exe is the file this process runs even after a new binary
	// replaced it at its path; elsewhere, the path it was started from.
	exe := "/proc/self/exe"
	if _, err := os.Stat(exe); err != nil {
		exe, _ = os.Executable()
	}
	if f, err := os.Open(exe); err == nil {
		defer f.Close()
		if _, err := io.Copy(h, f); err == nil {
			return hex.EncodeToString(h.Sum(nil))
		}
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "unread " + hex.EncodeToString(b[:])
})
