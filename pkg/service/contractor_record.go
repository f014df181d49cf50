package service

import (
	"slices"
	"sync"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// contractorFacts are what sizing reads of one general contractor on a
// date, the same for each of its projects.
type contractorFacts struct {
	owed     []ledger.OwedPeriod
	history  ledger.RecordHistory
	listings []ledger.Listing
	// projectsInArea is kept under its own key (contractor, area, signing
	// date): the other fields under the contractor's ID alone.
	projectsInArea int
}

// contractors keeps contractorFacts per general contractor for one run of
// the check: a contractor with many projects is read once, not once per
// project (its wages owed span every project it runs, so reading them per
// project grew with the square of its projects). Nil reads every time.
type contractors struct {
	mu    sync.Mutex
	known map[string]*contractorEntry
	// projects are each contractor's projects by ID, once loaded (load):
	// a Citus cluster reads them on their shards only.
	projects map[string][]string
}

type contractorEntry struct {
	once  sync.Once
	facts contractorFacts
	err   error
}

func newContractors() *contractors { return &contractors{known: map[string]*contractorEntry{}} }

// projectsOf are the IDs of a contractor's projects; nil when not loaded.
func (c *contractors) projectsOf(gcID string) []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.projects[gcID]
}

func (c *contractors) get(key string, read func() (contractorFacts, error)) (contractorFacts, error) {
	if c == nil {
		return read()
	}
	c.mu.Lock()
	e := c.known[key]
	if e == nil {
		e = &contractorEntry{}
		c.known[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.facts, e.err = read() })
	return e.facts, e.err
}

// load reads what sizing needs of every general contractor of projects (of
// those with a contract amount: the others are not sized) that c does not
// know yet, set-based: the wages owed on all their projects (all of them:
// every project in the database, by ID) a batch of projects at a time,
// CheckWorkers batches at once, then their alert history and their
// listings on the dishonesty list, one statement each per 200 of them. A
// night loads its projects' contractors once, before any project is
// checked, so every project of a contractor is sized on the same record,
// read before the night wrote any alert.
func (c *contractors) load(q store.Querier, projects, all []*ledger.Project, today ledger.Date) error {
	want := map[string]bool{}
	var ids []string
	c.mu.Lock()
	if c.projects == nil {
		c.projects = map[string][]string{}
		for _, p := range all {
			c.projects[p.GeneralContractorID] = append(c.projects[p.GeneralContractorID], p.ID)
		}
	}
	for _, p := range projects {
		if p.ContractAmount > 0 && c.known[p.GeneralContractorID] == nil && !want[p.GeneralContractorID] {
			want[p.GeneralContractorID] = true
			ids = append(ids, p.GeneralContractorID)
		}
	}
	c.mu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	owed, err := wagesOwedBy(q, slices.DeleteFunc(slices.Clone(all), func(p *ledger.Project) bool { return !want[p.GeneralContractorID] }), today)
	if err != nil {
		return err
	}
	known, err := store.FirstCheckedDate(q)
	if err != nil {
		return err
	}
	days, err := store.ContractorHistories(q, ids, projectIDs(all))
	if err != nil {
		return err
	}
	listings, err := store.ListingsOfUnits(q, ids, projectIDs(all))
	if err != nil {
		return err
	}
	for _, id := range ids {
		f := contractorFacts{owed: owed[id], history: ledger.RecordHistory{KnownFrom: known, Arrears: days[id].Arrears, Compliance: days[id].Compliance},
			listings: listings[id]}
		if _, err := c.get(id, func() (contractorFacts, error) { return f, nil }); err != nil {
			return err
		}
	}
	return nil
}

// wagesOwedBy is store.WagesOwedByContractor for the contractors of
// projects, which are all their projects: by contractor, each period with
// its project's pay rule as stored (store.WagesOwedOnProjects, CheckBatch
// projects a statement, CheckWorkers statements at once).
func wagesOwedBy(q store.Querier, projects []*ledger.Project, today ledger.Date) (map[string][]ledger.OwedPeriod, error) {
	chunks := slices.Collect(slices.Chunk(projects, CheckBatch))
	owed, errs := make([]map[string][]ledger.OwedPeriod, len(chunks)), make([]error, len(chunks))
	slots := make(chan struct{}, CheckWorkers)
	var wg sync.WaitGroup
	for i, chunk := range chunks {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			ids := make([]string, len(chunk))
			for j, p := range chunk {
				ids[j] = p.ID
			}
			owed[i], errs[i] = store.WagesOwedOnProjects(q, ids, today.Period())
		})
	}
	wg.Wait()
	out := map[string][]ledger.OwedPeriod{}
	for i, chunk := range chunks {
		if errs[i] != nil {
			return nil, errs[i]
		}
		for _, p := range chunk {
			for _, o := range owed[i][p.ID] {
				o.PayRule = ledger.PayRule{Month: p.PayMonth, Day: p.PayDay}
				out[p.GeneralContractorID] = append(out[p.GeneralContractorID], o)
			}
		}
	}
	return out, nil
}

// contractorRecord is what the books know of a project's general contractor
// for sizing: its projects in the area under construction on the signing
// date, whether it owes wages past their pay day today on any project, and
// what the check's alerts record of it before signing (its projects' arrears
// and compliance alerts, its blacklist candidacies: ledger.RecordHistory),
// and whether it was on the dishonesty list on the signing date
// (ledger.ListedOn over its listings).
func (s *Service) contractorRecord(q store.Querier, p *ledger.Project, today ledger.Date, memo *contractors) (ledger.ContractorRecord, error) {
	rec := ledger.ContractorRecord{Unchecked: []ledger.RecordPart{ledger.RecordArrearsHistory}}
	area := ledger.GuaranteeArea(p.RegionCode)
	inArea, err := memo.get(p.GeneralContractorID+"|"+area+"|"+p.StartedOn.String(), func() (contractorFacts, error) {
		n, err := store.ProjectsActiveOn(q, p.GeneralContractorID, area, p.StartedOn, memo.projectsOf(p.GeneralContractorID))
		return contractorFacts{projectsInArea: n}, err
	})
	if err != nil {
		return rec, err
	}
	f, err := memo.get(p.GeneralContractorID, func() (contractorFacts, error) { return readContractor(q, p.GeneralContractorID, today) })
	if err != nil {
		return rec, err
	}
	rec.ProjectsInArea, rec.OverdueWages = inArea.projectsInArea, s.calendar().AnyOverdue(f.owed, today)
	rec.Blacklisted = ledger.ListedOn(f.listings, p.StartedOn)
	lookback := s.policy().Param(ledger.GuaranteeArrearsYears, p.RegionCode, p.StartedOn).Count()
	return f.history.Apply(rec, p.StartedOn, lookback), nil
}

func readContractor(q store.Querier, gcID string, today ledger.Date) (contractorFacts, error) {
	var f contractorFacts
	var err error
	if f.owed, err = store.WagesOwedByContractor(q, gcID, today.Period()); err != nil {
		return f, err
	}
	if f.history.KnownFrom, err = store.FirstCheckedDate(q); err != nil {
		return f, err
	}
	if f.history.Arrears, f.history.Compliance, err = store.ContractorHistory(q, gcID); err != nil {
		return f, err
	}
	f.listings, err = store.ListingsOf(q, gcID)
	return f, err
}
