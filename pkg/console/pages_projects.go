package console

import (
	"net/http"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

type projectListData struct {
	Projects  []projectLine
	CanUpload bool
}

type projectLine struct {
	*ledger.Project
	GC         string
	OpenAlerts int
	Latest     []service.PayrollState // a contractor's latest month's payrolls
}

// projectList lists the projects the caller sees.
func (c *Console) projectList(q *req) error {
	ps, err := c.svc.ListProjects(q.ctx, "", "", "", 500)
	if err != nil {
		return err
	}
	open, err := c.svc.OpenAlertsByProject(q.ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	d := projectListData{CanUpload: q.caller.Role == ledger.RoleContractor}
	for _, p := range ps {
		if _, ok := names[p.GeneralContractorID]; !ok {
			names[p.GeneralContractorID] = c.orgName(q, p.GeneralContractorID)
		}
		line := projectLine{Project: p, GC: names[p.GeneralContractorID], OpenAlerts: open[p.ID]}
		if d.CanUpload { // a contractor has a handful of projects: each shows where its payrolls stand
			if err := c.contractorSummary(q, &line); err != nil {
				return err
			}
		}
		d.Projects = append(d.Projects, line)
	}
	c.render(q, http.StatusOK, "projects", "console.projects.title", &view{Nav: "projects", Data: d})
	return nil
}

// contractorSummary adds a project's latest month's payrolls with their
// state.
func (c *Console) contractorSummary(q *req, line *projectLine) error {
	pays, err := c.svc.PayrollStates(q.ctx, line.ID, 12)
	if err != nil {
		return err
	}
	for _, p := range pays {
		if p.Status != ledger.PayrollSuperseded && (len(line.Latest) == 0 || p.Period == line.Latest[0].Period) {
			line.Latest = append(line.Latest, p)
		}
	}
	return nil
}

func (c *Console) orgName(q *req, id string) string {
	if o, err := c.svc.GetOrganization(q.ctx, id); err == nil {
		return o.Name
	}
	return id
}

type projectData struct {
	Project   *ledger.Project
	Owner, GC string
	Bank      string
	Subs      []string
	Cover     *service.ProjectCoverage
	Chart     chart
	Months    []store.MonthFigures
	Alerts    []alertLine
	Payrolls  []service.PayrollState
	Workers   []*ledger.Enrolment
	Employers map[string]string
	CanUpload bool
}

const workersShown = 200

// projectPage shows a project: its parties, wage account, guarantee, wages
// by month, open alerts, payrolls and workers.
func (c *Console) projectPage(q *req) error {
	id := q.r.PathValue("id")
	st, err := c.visible(q, store.KindProject, id)
	if err != nil {
		return err
	}
	p, err := c.svc.GetProject(q.ctx, id)
	if err != nil {
		return err
	}
	d := projectData{Project: p, Owner: c.orgName(q, p.OwnerID), GC: c.orgName(q, p.GeneralContractorID), Bank: c.orgName(q, p.WageAccount.BankID),
		Employers: map[string]string{p.GeneralContractorID: ""}, CanUpload: st.GeneralContractor || st.Subcontractor}
	d.Employers[p.GeneralContractorID] = d.GC
	for _, s := range p.SubcontractorIDs {
		n := c.orgName(q, s)
		d.Subs, d.Employers[s] = append(d.Subs, n), n
	}
	if d.Cover, err = c.svc.ProjectGuarantee(q.ctx, id); err != nil {
		return err
	}
	if d.Months, err = c.svc.ProjectMonths(q.ctx, id, 6); err != nil {
		return err
	}
	d.Chart = monthChart(d.Months)
	alerts, err := c.svc.ListAlerts(q.ctx, store.AlertFilter{ProjectID: id, Order: "severity", Limit: 100})
	if err != nil {
		return err
	}
	for _, a := range alerts {
		if a.Status != ledger.AlertResolved {
			d.Alerts = append(d.Alerts, alertLine{Alert: a, ProjectName: p.Name})
		}
	}
	if d.Payrolls, err = c.svc.PayrollStates(q.ctx, id, 24); err != nil {
		return err
	}
	if d.Workers, err = c.svc.ListWorkers(q.ctx, store.EnrolmentFilter{ProjectID: id, Limit: workersShown}); err != nil {
		return err
	}
	c.render(q, http.StatusOK, "project", "console.project.title", &view{Nav: "projects", Data: d})
	return nil
}

type workerData struct {
	Project   *ledger.Project
	Enrolment *ledger.Enrolment
	Employer  string
	History   []store.DetailHistory
	Statement *service.Statement
	Elsewhere []store.PersonEnrolment // the person's enrolments the caller sees, this one included
	Employers map[string]string
}

// workerPage shows one worker's enrolment (identity masked), its card and
// phone history, and the statement of what was owed and paid by month.
func (c *Console) workerPage(q *req) error {
	projectID, enrID := q.r.PathValue("id"), q.r.PathValue("enrolment")
	st, err := c.visible(q, store.KindEnrolment, enrID)
	if err != nil {
		return err
	}
	if st.ProjectID != projectID {
		return ledger.Errorf(ledger.ENotFound, "not found")
	}
	p, err := c.svc.GetProject(q.ctx, projectID)
	if err != nil {
		return err
	}
	e, hist, err := c.svc.GetWorker(q.ctx, projectID, enrID)
	if err != nil {
		return err
	}
	stmt, err := c.svc.WorkerStatement(q.ctx, projectID, enrID)
	if err != nil {
		return err
	}
	d := workerData{Project: p, Enrolment: e, Employer: c.orgName(q, e.EmployerID), History: hist, Statement: stmt, Employers: map[string]string{}}
	if d.Elsewhere, err = c.svc.PersonEnrolments(q.ctx, e.WorkerID); err != nil {
		return err
	}
	for _, o := range d.Elsewhere {
		if _, ok := d.Employers[o.EmployerID]; !ok {
			d.Employers[o.EmployerID] = c.orgName(q, o.EmployerID)
		}
	}
	c.render(q, http.StatusOK, "worker", "console.worker.title", &view{Nav: "projects", Data: d})
	return nil
}

// Wide is whether the reader may see a run's counts: they sum every
// region's projects, so only an administrator sees them; an inspector
// sees when each night ran and how it ended.
type checksData struct {
	Runs []checkLine
	Wide bool
}

// checkLine is one run with its counts summed over the rules.
type checkLine struct {
	*store.CheckRun
	ledger.RuleCounts
}

// checkRuns lists the nightly check's runs, newest first.
func (c *Console) checkRuns(q *req) error {
	runs, err := c.svc.ListCheckRuns(q.ctx, "", 60)
	if err != nil {
		return err
	}
	d := checksData{Wide: q.caller.Role == ledger.RoleAdmin}
	for _, r := range runs {
		l := checkLine{CheckRun: r}
		for _, n := range r.Counts {
			l.Found, l.Opened, l.Updated, l.Resolved, l.Reopened = l.Found+n.Found, l.Opened+n.Opened, l.Updated+n.Updated, l.Resolved+n.Resolved, l.Reopened+n.Reopened
		}
		d.Runs = append(d.Runs, l)
	}
	c.render(q, http.StatusOK, "checks", "console.checks.title", &view{Nav: "checks", Data: d})
	return nil
}
