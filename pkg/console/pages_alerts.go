package console

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

var queuePage = 50 // a variable: a test pages through a few (SetAlertsPerPage)

// queueData is the alert queue: its filters, counts and one page of alerts.
type queueData struct {
	Filter   url.Values // the filters as asked, for the form and the links
	Rules    []ledger.Rule
	Projects []*ledger.Project
	Statuses []ledger.AlertStatus
	Severity []ledger.Severity
	Streams  []ledger.Stream
	Sorts    []store.AlertOrder
	ByStatus map[ledger.AlertStatus]int
	BySev    map[ledger.Severity]int
	Total    int
	AtRisk   ledger.Money
	Alerts   []alertLine
	Next     template.URL // the next page's query (pageQuery), "" on the last
}

// StatusHref is the queue with the same filters but status s ("" for any).
func (d queueData) StatusHref(s string) string {
	v := url.Values{}
	for k, vals := range d.Filter {
		v[k] = vals
	}
	v.Del("status")
	if s != "" {
		v.Set("status", s)
	}
	return Prefix + "alerts?" + v.Encode()
}

// alertLine is one alert in a list, with its project's name.
type alertLine struct {
	ledger.Alert
	ProjectName string
	About       subjectRef // what it is about: an employer by name
}

var (
	allStatuses = []ledger.AlertStatus{ledger.AlertOpen, ledger.AlertAcknowledged, ledger.AlertRectificationOrdered, ledger.AlertEscalated, ledger.AlertResolved}
	allSeverity = []ledger.Severity{ledger.SeverityCritical, ledger.SeverityHigh, ledger.SeverityMedium, ledger.SeverityLow}
	allSorts    = []store.AlertOrder{"severity", "amount_at_risk", "age"}
)

// queueFilter reads the queue's filters; a value that is not one of the
// choices is dropped, as the form would never send it.
func queueFilter(v url.Values) (store.AlertFilter, url.Values) {
	clean := url.Values{}
	keep := func(name string, ok bool) string {
		if val := v.Get(name); val != "" && ok {
			clean.Set(name, val)
			return val
		}
		return ""
	}
	f := store.AlertFilter{Limit: queuePage + 1, After: v.Get("after")} // one more: is there a next page
	f.Status = ledger.AlertStatus(keep("status", validStatus(ledger.AlertStatus(v.Get("status")))))
	f.Rule = ledger.Rule(keep("rule", ledger.Rule(v.Get("rule")).Valid()))
	f.Stream = ledger.Stream(keep("stream", v.Get("stream") == string(ledger.StreamArrears) || v.Get("stream") == string(ledger.StreamCompliance)))
	f.Severity = ledger.Severity(keep("severity", ledger.Severity(v.Get("severity")).Rank() > 0))
	f.ProjectID = keep("project", len(v.Get("project")) < 80)
	_, perr := ledger.ParsePeriod(v.Get("period"))
	f.Period = keep("period", perr == nil)
	f.Order = store.AlertOrder(keep("sort", store.AlertOrder(v.Get("sort")).Valid()))
	if f.Order == "" {
		f.Order = "severity"
	}
	return f, clean
}

func validStatus(s ledger.AlertStatus) bool {
	for _, x := range allStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// alertQueue serves the queue: filters, counts by status and severity, and
// one page of alerts, sorted.
func (c *Console) alertQueue(q *req) error {
	f, clean := queueFilter(q.r.URL.Query())
	alerts, err := c.svc.ListAlerts(q.ctx, f)
	if err != nil {
		return err
	}
	alerts, more := onePage(alerts, queuePage)
	counts, err := c.svc.CountAlerts(q.ctx, f)
	if err != nil {
		return err
	}
	projects, names, err := c.projectNames(q)
	if err != nil {
		return err
	}
	d := queueData{Filter: clean, Rules: ledger.Rules, Projects: projects, Statuses: allStatuses, Severity: allSeverity,
		Streams: []ledger.Stream{ledger.StreamArrears, ledger.StreamCompliance}, Sorts: allSorts,
		ByStatus: map[ledger.AlertStatus]int{}, BySev: map[ledger.Severity]int{}}
	for _, n := range counts {
		d.ByStatus[n.Status] += n.N
		if f.Status == "" || n.Status == f.Status {
			d.BySev[n.Severity] += n.N
		}
		if (f.Status == "" || n.Status == f.Status) && (f.Severity == "" || n.Severity == f.Severity) {
			d.Total += n.N
			d.AtRisk += ledger.Money(n.Amount)
		}
	}
	orgs := map[string]string{}
	for _, a := range alerts {
		l := alertLine{Alert: a, ProjectName: names[a.ProjectID]}
		if kind, ref, _ := strings.Cut(a.Key.Subject, ":"); kind == string(ledger.SubjectEmployer) {
			if _, ok := orgs[ref]; !ok {
				orgs[ref] = c.orgName(q, ref)
			}
			l.About = subjectRef{Kind: kind, Name: orgs[ref]}
		}
		d.Alerts = append(d.Alerts, l)
	}
	if more {
		next := url.Values{}
		for k, v := range clean {
			next[k] = v
		}
		next.Set("after", store.AlertCursor(f.Order, alerts[len(alerts)-1]))
		d.Next = pageQuery(next)
	}
	c.render(q, http.StatusOK, "alerts", "console.alerts.title", &view{Nav: "alerts", Data: d})
	return nil
}

// projectNames lists the projects the caller sees, with their names by ID.
func (c *Console) projectNames(q *req) ([]*ledger.Project, map[string]string, error) {
	ps, err := c.svc.ListProjects(q.ctx, "", "", "", 500)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(ps))
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	return ps, names, nil
}

// alertData is one alert's page.
type alertData struct {
	Alert *service.AlertDetail
	// Actors name the history's actors (API keys) by organisation and
	// label; Confirmations are the bank confirmations its notes and
	// resolution name, as a person reads them.
	Actors        map[string]string
	Confirmations map[string]confirmation
	Project       *ledger.Project
	Subject       subjectRef
	Evidence      []evidenceGroup
	Actions       []ledger.AlertAction
	CanAct        bool
	Today         string
	Form          url.Values // what was typed, when an action was refused
}

// sortEvidence orders an alert's records within each kind as a person
// counts them: a payroll's lines by number (the check keeps them in text
// order: 1, 10, 11, 2). The kinds keep their order.
func sortEvidence(ev []ledger.Evidence) []ledger.Evidence {
	ev = slices.Clone(ev)
	slices.SortStableFunc(ev, func(a, b ledger.Evidence) int {
		if a.Kind != b.Kind {
			return 0
		}
		return naturalCompare(a.Ref, b.Ref)
	})
	return ev
}

// Linked renders a message of the check (a resolution, a history note) in
// lang, naming each bank confirmation as what it is, linked.
func (d alertData) Linked(lang i18n.Lang, m ledger.Msg) template.HTML {
	return linked(lang, m, d.Confirmations)
}

// subjectRef is what an alert is about, with a link when the console has a page for it.
type subjectRef struct {
	Kind string
	Name string
	Link string
}

type evidenceGroup struct {
	Kind  ledger.EvidenceKind
	Items []evidenceItem
	More  int
}

// evidenceItem is one record behind an alert: its reference, a link to the
// worker it concerns, and what it says when the store could read it.
type evidenceItem struct {
	Ref    string
	Label  string // what the record is, in the person's language: "工资单 2026-10 第 12 行"
	Link   string
	Detail *store.EvidenceDetail
}

const evidenceShown = 100

// alertPage shows an alert: its explanation, the records behind it, its
// history and, to an inspector of its region, the actions it allows.
func (c *Console) alertPage(q *req) error {
	return c.showAlert(q, http.StatusOK, "", nil)
}

func (c *Console) showAlert(q *req, status int, problem string, form url.Values) error {
	id := q.r.PathValue("id")
	st, err := c.visible(q, store.KindAlert, id)
	if err != nil {
		return err
	}
	a, err := c.svc.GetAlert(q.ctx, id)
	if err != nil {
		return err
	}
	p, err := c.svc.GetProject(q.ctx, st.ProjectID)
	if err != nil {
		return err
	}
	d := alertData{Alert: a, Project: p, Subject: c.subjectOf(q, p, a.Key.Subject),
		CanAct: q.caller.Role == ledger.RoleInspector, Actions: ledger.AllowedAlertActions(a.Status, a.Key.Rule), Form: form}
	if d.Evidence, err = c.evidenceOf(q, a.ProjectID, a.Evidence); err != nil {
		return err
	}
	d.Actors = c.actorNames(q, a.History)
	msgs := []ledger.Msg{a.ResolutionText()}
	for _, e := range a.History {
		msgs = append(msgs, e.NoteText())
	}
	if d.Confirmations, err = c.confirmationsIn(q, a.ProjectID, msgs...); err != nil {
		return err
	}
	d.Today = ledger.DateOf(c.svc.DB.Now()).String()
	v := &view{Nav: "alerts", Data: d, Error: problem}
	if done := q.r.URL.Query().Get("done"); done != "" && ledger.AlertAction(done).Event() != "" {
		v.Flash = i18n.T(q.lang, "console.action.done."+done)
	}
	c.render(q, status, "alert", "console.alert.title", v)
	return nil
}

// visible checks the caller may see the resource, as the API's authorizer
// does: outside its scope it is "not found".
// inspectorActs lets the region's inspectors, and only them, act on the
// record the path names: what the caller may not see is not found, and one
// who sees it but is no inspector (an administrator) is refused with why.
func (c *Console) inspectorActs(q *req, kind store.Kind, id string, why ledger.Msg) error {
	if _, err := c.visible(q, kind, id); err != nil {
		return err
	}
	if q.caller.Role != ledger.RoleInspector {
		return ledger.NewError(ledger.EForbidden, why)
	}
	return nil
}

func (c *Console) visible(q *req, kind store.Kind, id string) (store.Standing, error) {
	st, err := c.svc.Standing(q.ctx, kind, id)
	if err != nil {
		return st, err
	}
	if !q.caller.Sees(st) {
		return st, ledger.Errorf(ledger.ENotFound, "not found")
	}
	return st, nil
}

func (c *Console) subjectOf(q *req, p *ledger.Project, subject string) subjectRef {
	projectID := p.ID
	kind, ref, _ := strings.Cut(subject, ":")
	s := subjectRef{Kind: kind, Name: ref}
	switch ledger.SubjectKind(kind) {
	case ledger.SubjectEmployer:
		if o, err := c.svc.GetOrganization(q.ctx, ref); err == nil {
			s.Name = o.Name
		}
	case ledger.SubjectEnrolment:
		s.Link = Prefix + "projects/" + url.PathEscape(projectID) + "/workers/" + url.PathEscape(ref)
	case ledger.SubjectComplaint:
		s.Link = Prefix + "complaints/" + url.PathEscape(ref)
	case ledger.SubjectProject:
		s.Link = Prefix + "projects/" + url.PathEscape(projectID)
		if ref == p.ID {
			s.Name = i18n.T(q.lang, "console.project.name_code", p.Name, p.Code)
		}
	}
	return s
}

// evidenceOf groups an alert's evidence by kind, at most evidenceShown of
// each, with what each record says, linking a worker's records to the
// worker's page.
func (c *Console) evidenceOf(q *req, projectID string, ev []ledger.Evidence) ([]evidenceGroup, error) {
	var out []evidenceGroup
	var shown []ledger.Evidence
	index := map[ledger.EvidenceKind]int{}
	for _, e := range sortEvidence(ev) {
		i, ok := index[e.Kind]
		if !ok {
			i = len(out)
			index[e.Kind] = i
			out = append(out, evidenceGroup{Kind: e.Kind})
		}
		if len(out[i].Items) >= evidenceShown {
			out[i].More++
			continue
		}
		shown = append(shown, e)
		out[i].Items = append(out[i].Items, evidenceItem{Ref: e.Ref})
	}
	details, err := c.svc.AlertEvidence(q.ctx, projectID, shown)
	if err != nil {
		return nil, err
	}
	worker := func(enr string) string {
		return Prefix + "projects/" + url.PathEscape(projectID) + "/workers/" + url.PathEscape(enr)
	}
	for gi := range out {
		for ii := range out[gi].Items {
			it := &out[gi].Items[ii]
			it.Label = it.Ref
			if d, ok := details[string(out[gi].Kind)+":"+it.Ref]; ok {
				it.Detail = &d
				it.Label = evidenceLabel(q.lang, out[gi].Kind, it.Ref, it.Detail)
				if d.EnrolmentID != "" {
					it.Link = worker(d.EnrolmentID)
				}
			}
			switch out[gi].Kind {
			case ledger.EvidencePayroll:
				it.Link = Prefix + "payrolls/" + url.PathEscape(it.Ref)
			case ledger.EvidencePayrollLine:
				pay, line, _ := strings.Cut(it.Ref, "#")
				it.Link = Prefix + "payrolls/" + url.PathEscape(pay) + "?after=" + lineBefore(line) + "#line-" + url.PathEscape(line)
			case ledger.EvidenceEnrolment:
				it.Link = worker(it.Ref)
			case ledger.EvidenceComplaint:
				it.Link = Prefix + "complaints/" + url.PathEscape(it.Ref)
			case ledger.EvidenceOrder:
				it.Link, it.Label = Prefix+"alerts/"+url.PathEscape(it.Ref), i18n.T(q.lang, "console.evidence.label.order", it.Ref)
			case ledger.EvidenceAttendance, ledger.EvidenceAccount:
				enr, _, _ := strings.Cut(it.Ref[strings.LastIndex(it.Ref, "/")+1:], "@")
				it.Link = worker(enr)
			}
		}
	}
	return out, nil
}

// evidenceLabel says what one record behind an alert is, as a person knows
// it: the payroll's month and line, the worker by name and masked identity
// number, the bank's reference; the raw ID when the record says too little.
func evidenceLabel(lang i18n.Lang, kind ledger.EvidenceKind, ref string, rec *store.EvidenceDetail) string {
	t := func(key string, args ...any) string { return i18n.T(lang, "console.evidence.label."+key, args...) }
	who := rec.Name
	if rec.IDMasked != "" {
		who = i18n.T(lang, "console.evidence.worker", rec.Name, rec.IDMasked)
	}
	switch {
	case kind == ledger.EvidencePayrollLine && rec.Period != "":
		return t("payroll_line", rec.Period, rec.LineNo)
	case kind == ledger.EvidencePayroll && rec.Period != "":
		return t("payroll", rec.Period, rec.Employer)
	case kind == ledger.EvidenceInstruction && rec.Name != "":
		return t("instruction", rec.Name)
	case kind == ledger.EvidenceConfirmation && rec.BankRef != "":
		return t("confirmation", rec.BankRef, rec.On.String())
	case kind == ledger.EvidenceEntry && len(rec.Postings) > 0:
		return t("entry", len(rec.Postings))
	case kind == ledger.EvidenceAccount && who != "":
		return t("account", who, rec.Period)
	case kind == ledger.EvidenceAttendance && who != "":
		return t("attendance", who, rec.Period)
	case kind == ledger.EvidenceEnrolment && who != "":
		return t("enrolment", who)
	case kind == ledger.EvidenceAllocation && rec.BankRef != "":
		return t("allocation", rec.BankRef, rec.On.String())
	case kind == ledger.EvidenceGuarantee && rec.Reference != "":
		return t("guarantee", rec.Reference)
	case kind == ledger.EvidenceDrawdown && rec.Reference != "":
		return t("drawdown", rec.Reference, rec.On.String())
	}
	return ref
}

// lineBefore is the page cursor that shows payroll line n first.
func lineBefore(n string) string {
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 {
		return "0"
	}
	return strconv.Itoa(i - 1)
}

// alertAction applies an inspector's action through the service, then shows
// the alert again (a refused action keeps what was typed and says why).
func (c *Console) alertAction(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindAlert, id, ledger.M("only an inspector of the project's region may act on an alert")); err != nil {
		return err
	}
	form := q.r.PostForm
	in := ledger.AlertActionInput{Action: ledger.AlertAction(form.Get("action")), Note: form.Get("note")}
	if d := strings.TrimSpace(form.Get("deadline")); d != "" {
		deadline, err := ledger.ParseDate(d)
		if err != nil {
			return c.showAlert(q, http.StatusUnprocessableEntity, i18n.T(q.lang, "console.action.error.deadline_format"), form)
		}
		in.Deadline = deadline
	}
	_, err := c.svc.ActOnAlert(q.ctx, id, in)
	switch ledger.ErrorCode(err) {
	case "":
		http.Redirect(q.w, q.r, Prefix+"alerts/"+url.PathEscape(id)+"?done="+url.QueryEscape(string(in.Action)), http.StatusSeeOther)
		return nil
	case ledger.EInvalid:
		return c.showAlert(q, http.StatusUnprocessableEntity, actionProblem(q.lang, err), form)
	case ledger.EConflict:
		return c.showAlert(q, http.StatusConflict, i18n.T(q.lang, "console.action.error.conflict"), form)
	}
	return err
}

// actionProblem says, in the person's language, what was wrong with an
// action: by the field and code the ledger named.
func actionProblem(lang i18n.Lang, err error) string {
	var msgs []string
	for _, f := range ledger.ErrorFields(err) {
		key := "console.action.error." + f.Field + "." + f.Code
		if i18n.Has(key) {
			msgs = append(msgs, i18n.T(lang, key))
		}
	}
	if len(msgs) == 0 {
		return i18n.T(lang, "console.action.error.invalid")
	}
	return strings.Join(msgs, " ")
}
