package console

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

var allComplaintStatuses = []ledger.ComplaintStatus{ledger.ComplaintReceived, ledger.ComplaintAccepted, ledger.ComplaintRefused, ledger.ComplaintConcluded}

// complaintsData is the complaint queue: its filters and one page. The
// console's complaint pages are an inspector's and an administrator's only
// (the routes' need), so nothing on them is redacted; a contractor reads its redacted view through
// the API.
type complaintsData struct {
	Status   string
	Overdue  bool
	Statuses []ledger.ComplaintStatus
	Lines    []complaintLine
	Overdues int
	Next     template.URL // the next page's query (pageQuery), "" on the last
	// The inspector's entry of a complaint for a worker (phone, walk-in):
	// the region's projects to choose from, and the form as sent when it
	// was refused.
	CanFile  bool
	Projects []*ledger.Project
	Form     url.Values
	// Disputes are the lines workers disputed through the links the
	// inspectors gave them straight, newest first, on the queue's first
	// page: their page tells them the dispute goes to the inspectors, and
	// this is where it does. DisputeCount: how many stand in all;
	// OlderDisputes, the query of the page after this one (empty on the
	// last), NewestDisputes of their first page, both with the queue's
	// filters; DisputesPaged: this is not their first page.
	FirstPage      bool
	Disputes       []store.DirectDispute
	DisputeCount   int
	OlderDisputes  template.URL
	NewestDisputes template.URL
	DisputesPaged  bool
}

// directDisputes is how many of them the complaint queue shows a page (a
// variable: a test pages through a few, SetDisputesPerPage).
var directDisputes = 50

type complaintLine struct {
	service.ComplaintView
	ProjectName string
	Deadline    ledger.Date
}

var complaintPage = 100 // a variable: a test pages through a few (SetComplaintsPerPage)

// complaintQueue lists the complaints of the inspector's region, overdue
// ones flagged, filtered by status and overdue.
func (c *Console) complaintQueue(q *req) error {
	return c.showQueue(q, http.StatusOK, "", nil)
}

// showQueue shows the queue, with the entry form as sent (form) and why it
// was refused (problem).
func (c *Console) showQueue(q *req, status int, problem string, form url.Values) error {
	v := q.r.URL.Query()
	f := store.ComplaintFilter{Limit: complaintPage + 1, After: v.Get("after")} // one more: is there a next page
	d := complaintsData{Statuses: allComplaintStatuses, Overdue: v.Get("overdue") == "1"}
	for _, s := range allComplaintStatuses {
		if string(s) == v.Get("status") {
			f.Status, d.Status = s, string(s)
		}
	}
	cs, err := c.svc.ListComplaints(q.ctx, f, d.Overdue)
	if err != nil {
		return err
	}
	cs, more := onePage(cs, complaintPage)
	ps, names, err := c.projectNames(q)
	if err != nil {
		return err
	}
	d.CanFile, d.Projects, d.Form = q.caller.Role == ledger.RoleInspector, ps, form
	if d.FirstPage = v.Get("after") == ""; d.FirstPage {
		err = c.disputesPage(q, &d, v.Get("disputes_after"))
		if ledger.ErrorCode(err) == ledger.EInvalid { // a page link that is not one: the newest page, and why
			status, problem = http.StatusUnprocessableEntity, refusalOf(q.lang, err)
			err = c.disputesPage(q, &d, "")
		}
		if err != nil {
			return err
		}
	}
	for _, cv := range cs {
		d.Lines = append(d.Lines, complaintLine{ComplaintView: cv, ProjectName: names[cv.ProjectID], Deadline: cv.NextDeadline()})
		if cv.Overdue {
			d.Overdues++
		}
	}
	if more {
		next := d.filters()
		next.Set("after", cs[len(cs)-1].ID)
		d.Next = pageQuery(next)
	}
	c.render(q, status, "complaints", "console.complaints.title", &view{Nav: "complaints", Data: d, Error: problem})
	return nil
}

// filters is the queue's filters as a page link carries them.
func (d *complaintsData) filters() url.Values {
	v := url.Values{}
	if d.Status != "" {
		v.Set("status", d.Status)
	}
	if d.Overdue {
		v.Set("overdue", "1")
	}
	return v
}

// disputesPage fills d with the page of direct disputes after the one keyed
// after ("" for the newest), their count and the link to the next page.
func (c *Console) disputesPage(q *req, d *complaintsData, after string) error {
	var key *store.DisputeKey
	if after != "" {
		k, err := store.ParseDisputeKey(after)
		if err != nil {
			return err
		}
		key = &k
	}
	d.DisputesPaged = key != nil
	disputes, err := c.svc.DirectDisputes(q.ctx, directDisputes+1, key)
	if err != nil {
		return err
	}
	filters := d.filters()
	d.NewestDisputes = pageQuery(filters)
	disputes, more := onePage(disputes, directDisputes)
	if more {
		filters.Set("disputes_after", disputes[len(disputes)-1].Key().String())
		d.OlderDisputes = pageQuery(filters)
	}
	d.Disputes = disputes
	d.DisputeCount, err = c.svc.CountDirectDisputes(q.ctx)
	return err
}

// fileComplaint enters a complaint an inspector takes for a worker by phone
// or at the counter (service.FileComplaint: with the worker's consent, on a
// project of the inspector's region), then shows it; a refused form comes
// back as sent, with why.
func (c *Console) fileComplaint(q *req) error {
	if q.caller.Role != ledger.RoleInspector {
		return ledger.NewError(ledger.EForbidden, ledger.M("only an inspector may enter a complaint for a worker"))
	}
	f := q.r.PostForm
	workers, _ := strconv.Atoi(strings.TrimSpace(f.Get("workers")))
	in := ledger.ComplaintInput{EnrolmentID: strings.TrimSpace(f.Get("enrolment_id")), ComplainantName: f.Get("complainant_name"),
		Consent: f.Get("consent") != "", Summary: f.Get("summary"), Periods: strings.Fields(strings.ReplaceAll(f.Get("periods"), ",", " ")),
		Workers: workers, AmountClaimed: strings.TrimSpace(f.Get("amount_claimed"))}
	cd, err := c.svc.FileComplaint(q.ctx, f.Get("project_id"), in)
	if err == nil {
		http.Redirect(q.w, q.r, Prefix+"complaints/"+url.PathEscape(cd.ID)+"?done=file", http.StatusSeeOther)
		return nil
	}
	if code := ledger.ErrorCode(err); code == ledger.EInvalid || code == ledger.EConflict {
		return c.showQueue(q, http.StatusUnprocessableEntity, refusalOf(q.lang, err), f)
	}
	return err
}

// complaintData is one complaint's page.
type complaintData struct {
	Complaint *service.ComplaintDetail
	Project   *ledger.Project
	Actions   []ledger.ComplaintAction
	CanAct    bool
	Deadline  ledger.Date
	// Bundle offers an inspector the complaint's evidence bundle for its
	// months, BundleFrom to BundleTo.
	Bundle               bool
	BundleFrom, BundleTo string
	// BundleFile is the bundle's file name, checked with the public key
	// KeyText of version KeyVersion.
	BundleFile string
	KeyVersion int
	KeyText    string
	// Receipt is a receipt code the inspector has just re-issued, shown
	// this once to hand to the worker.
	Receipt string
}

func (c *Console) complaintPage(q *req) error { return c.showComplaint(q, http.StatusOK, "") }

func (c *Console) showComplaint(q *req, status int, problem string) error {
	return c.showComplaintWith(q, status, problem, "")
}

// complaintReceipt gives the complaint a new receipt code (the old one
// opens nothing from then on) and shows it on the page this once; the page
// is not redirected to, so the code is in no address.
func (c *Console) complaintReceipt(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindComplaint, id, decideComplaint); err != nil {
		return err
	}
	code, _, err := c.svc.ReissueComplaintReceipt(q.ctx, id, q.r.PostForm.Get("note"))
	if err != nil {
		return err
	}
	q.w.Header().Set("Cache-Control", "no-store")
	return c.showComplaintWith(q, http.StatusOK, "", code)
}

func (c *Console) showComplaintWith(q *req, status int, problem, receipt string) error {
	id := q.r.PathValue("id")
	st, err := c.visible(q, store.KindComplaint, id)
	if err != nil {
		return err
	}
	cd, err := c.svc.GetComplaint(q.ctx, id)
	if err != nil {
		return err
	}
	p, err := c.svc.GetProject(q.ctx, st.ProjectID)
	if err != nil {
		return err
	}
	d := complaintData{Complaint: cd, Project: p, Actions: cd.AllowedActionsOn(c.svc.Today()), CanAct: q.caller.Role == ledger.RoleInspector, Deadline: cd.NextDeadline(),
		Receipt: receipt}
	if ps := cd.Periods; d.CanAct && len(ps) > 0 {
		d.Bundle, d.BundleFrom, d.BundleTo, d.BundleFile = true, ps[0].String(), ps[len(ps)-1].String(), evidenceFile(id)
		v, pub := c.svc.EvidencePublicKey()
		d.KeyVersion, d.KeyText = v, evidence.PublicKeyText(pub)
	}
	v := &view{Nav: "complaints", Data: d, Error: problem}
	if done := q.r.URL.Query().Get("done"); done != "" && i18n.Has("console.cmp.done."+done) {
		v.Flash = i18n.T(q.lang, "console.cmp.done."+done)
	}
	c.render(q, status, "complaint", "console.complaint.title", v)
	return nil
}

// complaintAction applies an inspector's decision on a complaint, then
// shows it again; a refused decision says why.
func (c *Console) complaintAction(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindComplaint, id, decideComplaint); err != nil {
		return err
	}
	action := ledger.ComplaintAction(q.r.PostForm.Get("action"))
	_, err := c.svc.ActOnComplaint(q.ctx, id, action, q.r.PostForm.Get("note"))
	return c.decided(q, err, "complaints/"+url.PathEscape(id), string(action), func(status int, problem string) error {
		return c.showComplaint(q, status, problem)
	})
}

// decided answers a form's decision: the page again with its done notice,
// or the page with the refusal in the person's language (422 for a bad
// form, 409 for a step the record's state does not allow).
func (c *Console) decided(q *req, err error, page, done string, show func(status int, problem string) error) error {
	switch ledger.ErrorCode(err) {
	case "":
		http.Redirect(q.w, q.r, Prefix+page+"?done="+url.QueryEscape(done), http.StatusSeeOther)
		return nil
	case ledger.EInvalid:
		return show(http.StatusUnprocessableEntity, refusalOf(q.lang, err))
	case ledger.EConflict:
		return show(http.StatusConflict, refusalOf(q.lang, err))
	}
	return err
}

// refusalOf is a refusal in the person's language: the ledger's message and
// each field's.
func refusalOf(lang i18n.Lang, err error) string {
	var e *ledger.Error
	if !errors.As(err, &e) {
		return i18n.T(lang, "console.action.error.invalid")
	}
	parts := []string{i18n.Of(lang, e.Msg())}
	for _, f := range e.Fields {
		parts = append(parts, i18n.Of(lang, f.Msg()))
	}
	sep := "；"
	if lang == i18n.EN {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// complaintEvidence serves an inspector of the complaint's region its
// evidence bundle (service.ComplaintEvidenceBundle), the signed ZIP the API
// serves at /complaints/{id}/evidence. Its detached signature (the API's
// Evidence-Signature header, which a browser does not keep) goes with it
// in a cookie for the complaint's pages only, which evidence.sig serves
// back as the file beside the ZIP: the bundle is made anew each time (its
// export is audited, and the audit chain's head it names moves), so a
// signature made later would be of another file.
func (c *Console) complaintEvidence(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindComplaint, id, exportEvidence); err != nil {
		return err
	}
	v := q.r.URL.Query()
	b, err := c.svc.ComplaintEvidenceBundle(q.ctx, id, v.Get("from"), v.Get("to"))
	if err != nil {
		return err
	}
	http.SetCookie(q.w, &http.Cookie{Name: cookieEvidenceSig, Value: v.Get("from") + "|" + v.Get("to") + "|" + c.svc.SignEvidence(b),
		Path: evidencePath(id), HttpOnly: true, Secure: c.secure(q.r), SameSite: http.SameSiteStrictMode, MaxAge: int(evidenceSigAge.Seconds())})
	// signedIn already says no-store for every page; the bundle holds full
	// ID numbers, so it says so itself too.
	q.w.Header().Set("Cache-Control", "no-store")
	q.w.Header().Set("Content-Type", "application/zip")
	q.w.Header().Set("Content-Disposition", `attachment; filename="`+evidenceFile(id)+`"`)
	_, err = q.w.Write(b)
	return err
}

// complaintEvidenceSig serves the detached signature of the bundle for the
// same months this browser last downloaded, as FILE.sig for `wageguard
// evidence verify FILE --sig FILE.sig`. Only a well-formed signature is
// served; whether it is the bundle's is for verify to say.
func (c *Console) complaintEvidenceSig(q *req) error {
	id := q.r.PathValue("id")
	if err := c.inspectorActs(q, store.KindComplaint, id, exportEvidence); err != nil {
		return err
	}
	v := q.r.URL.Query()
	var sig string
	if ck, err := q.r.Cookie(cookieEvidenceSig); err == nil {
		if from, rest, ok := strings.Cut(ck.Value, "|"); ok && from == v.Get("from") {
			if to, s, ok := strings.Cut(rest, "|"); ok && to == v.Get("to") && evidence.WellFormedDetached(s) {
				sig = s
			}
		}
	}
	if sig == "" {
		c.render(q, http.StatusNotFound, "error", "console.error.title", &view{Nav: "complaints",
			Error: i18n.T(q.lang, "console.complaint.evidence.sig.first"), Data: errorData{Status: http.StatusNotFound}})
		return nil
	}
	q.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	q.w.Header().Set("Content-Disposition", `attachment; filename="`+evidenceFile(id)+`.sig"`)
	_, err := q.w.Write([]byte(sig + "\n"))
	return err
}

// The cookie that carries a bundle's detached signature to its .sig
// download: "from|to|ed25519:…", for an hour, on the complaint's paths.
const (
	cookieEvidenceSig = "wg_evidence_sig"
	evidenceSigAge    = time.Hour
)

func evidencePath(id string) string { return Prefix + "complaints/" + url.PathEscape(id) + "/" }

func evidenceFile(id string) string { return "evidence-" + id + ".zip" }

// What the complaint's pages tell one who may not act on it.
var (
	decideComplaint = ledger.M("only an inspector of the project's region may decide on a complaint")
	exportEvidence  = ledger.M("only an inspector of the project's region may export a complaint's evidence bundle")
)
