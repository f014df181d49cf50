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
	// owed is kept under its own key (owedKey): the night reads it only
	// for a contractor with a project whose size turns on it.
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
	// projects are each contractor's projects, once loaded (load): a
	// Citus cluster reads them on their shards only.
	projects map[string][]*ledger.Project
	// sizedUnder are the policies the night's facts are evaluated under
	// (the night's own): the wages a contractor owes are read only when
	// the size of one of its projects turns on them under one of these
	// (ledger.Policy.SizingTurnsOnOverdueWages). Nil reads them for every
	// record.
	sizedUnder []*ledger.Policy
}

type contractorEntry struct {
	once  sync.Once
	facts contractorFacts
	err   error
}

func newContractors() *contractors { return &contractors{known: map[string]*contractorEntry{}} }

// projectsOf are a contractor's projects; nil when not loaded.
func (c *contractors) projectsOf(gcID string) []*ledger.Project {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.projects[gcID]
}

// projectIDsOf are the IDs of a contractor's projects; nil when not
// loaded (which reads on every shard).
func (c *contractors) projectIDsOf(gcID string) []string {
	if projects := c.projectsOf(gcID); projects != nil {
		return projectIDs(projects)
	}
	return nil
}

// owedKey keys a contractor's wages owed in contractors.known.
func owedKey(gcID string) string { return gcID + "|owed" }

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
// know yet, set-based: their alert history and their listings on the
// dishonesty list, one statement each per 200 of them. known and days are
// the first night checked and the contractors' alert history when the
// night read them already (nightInputs; nil days reads them here). A night
// loads its projects' contractors once, before any project is checked, so
// every project of a contractor is sized on the same record, read before
// the night wrote any alert. The wages a contractor owes are not loaded
// here: a batch reads them the first time a project's size turns on them
// (overdueWages), once for all the contractor's projects.
func (c *contractors) load(q store.Querier, projects, all []*ledger.Project, known ledger.Date, days map[string]store.ContractorDays) error {
	want := map[string]bool{}
	var ids []string
	c.mu.Lock()
	if c.projects == nil {
		c.projects = map[string][]*ledger.Project{}
		for _, p := range all {
			c.projects[p.GeneralContractorID] = append(c.projects[p.GeneralContractorID], p)
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
	var err error
	if days == nil {
		if known, err = store.FirstCheckedDate(q); err != nil {
			return err
		}
		if days, err = store.ContractorHistories(q, ids, projectIDs(all)); err != nil {
			return err
		}
	}
	listings, err := store.ListingsOfUnits(q, ids, projectIDs(all))
	if err != nil {
		return err
	}
	for _, id := range ids {
		f := contractorFacts{history: ledger.RecordHistory{KnownFrom: known, Arrears: days[id].Arrears, Compliance: days[id].Compliance},
			listings: listings[id]}
		if _, err := c.get(id, func() (contractorFacts, error) { return f, nil }); err != nil {
			return err
		}
	}
	return nil
}

// wagesOwedChunk is how many projects a statement of wagesOwedBy reads.
const wagesOwedChunk = 25

// wagesOwedBy is store.WagesOwedByContractor for the contractors of
// projects, which are all their projects: by contractor, each period with
// its project's pay rule as stored (store.WagesOwedOnProjects,
// wagesOwedChunk projects a statement, CheckWorkers statements at once).
func wagesOwedBy(q store.Querier, projects []*ledger.Project, today ledger.Date) (map[string][]ledger.OwedPeriod, error) {
	chunks := slices.Collect(slices.Chunk(projects, wagesOwedChunk))
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
// (ledger.ListedOn over its listings). In a night (memo sized under its
// policies), whether wages are overdue is read only when the project's
// size turns on it, and is false otherwise, which sizes the same.
func (s *Service) contractorRecord(q store.Querier, p *ledger.Project, today ledger.Date, memo *contractors) (ledger.ContractorRecord, error) {
	rec := ledger.ContractorRecord{Unchecked: []ledger.RecordPart{ledger.RecordArrearsHistory}}
	area := ledger.GuaranteeArea(p.RegionCode)
	inArea, err := memo.get(p.GeneralContractorID+"|"+area+"|"+p.StartedOn.String(), func() (contractorFacts, error) {
		n, err := store.ProjectsActiveOn(q, p.GeneralContractorID, area, p.StartedOn, memo.projectIDsOf(p.GeneralContractorID))
		return contractorFacts{projectsInArea: n}, err
	})
	if err != nil {
		return rec, err
	}
	f, err := memo.get(p.GeneralContractorID, func() (contractorFacts, error) { return readContractor(q, p.GeneralContractorID) })
	if err != nil {
		return rec, err
	}
	rec.ProjectsInArea = inArea.projectsInArea
	rec.Blacklisted = ledger.ListedOn(f.listings, p.StartedOn)
	lookback := s.policy().Param(ledger.GuaranteeArrearsYears, p.RegionCode, p.StartedOn).Count()
	rec = f.history.Apply(rec, p.StartedOn, lookback)
	if memo.turnsOnOverdueWages(sizingInput(p, rec)) {
		rec.OverdueWages, err = s.overdueWages(q, p.GeneralContractorID, today, memo)
	}
	return rec, err
}

// sizingInput is what project p's guarantee is sized on, its contractor's
// record rec.
func sizingInput(p *ledger.Project, rec ledger.ContractorRecord) ledger.SizingInput {
	return ledger.SizingInput{ContractAmount: p.ContractAmount, Region: p.RegionCode, SignedOn: p.StartedOn, Record: rec}
}

// turnsOnOverdueWages says whether a record's wages overdue must be read
// for in: always, unless c is sized under policies none of which sizes in
// differently for them.
func (c *contractors) turnsOnOverdueWages(in ledger.SizingInput) bool {
	if c == nil || c.sizedUnder == nil {
		return true
	}
	for _, p := range c.sizedUnder {
		if p.SizingTurnsOnOverdueWages(in) {
			return true
		}
	}
	return false
}

// overdueWages says whether a general contractor owes wages past their pay
// day today on any of its projects, read once per contractor: over its
// projects a batch at a time when memo has them (wagesOwedBy, on their
// shards), else by the contractor's own statement.
func (s *Service) overdueWages(q store.Querier, gcID string, today ledger.Date, memo *contractors) (bool, error) {
	f, err := memo.get(owedKey(gcID), func() (contractorFacts, error) {
		if projects := memo.projectsOf(gcID); projects != nil {
			owed, err := wagesOwedBy(q, projects, today)
			return contractorFacts{owed: owed[gcID]}, err
		}
		owed, err := store.WagesOwedByContractor(q, gcID, today.Period())
		return contractorFacts{owed: owed}, err
	})
	return s.calendar().AnyOverdue(f.owed, today), err
}

// readContractor reads a contractor's alert history and listings.
func readContractor(q store.Querier, gcID string) (contractorFacts, error) {
	var f contractorFacts
	var err error
	if f.history.KnownFrom, err = store.FirstCheckedDate(q); err != nil {
		return f, err
	}
	if f.history.Arrears, f.history.Compliance, err = store.ContractorHistory(q, gcID); err != nil {
		return f, err
	}
	f.listings, err = store.ListingsOf(q, gcID)
	return f, err
}
