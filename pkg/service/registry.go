package service

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// projectFor reads a project in tx and says which employer the caller is
// limited to: a subcontractor acts on, and sees, only its own workers; the
// GC, administrators, and the read-only bank and inspector see all of them
// (the authorizer has already kept the last two from writing).
func projectFor(tx store.Querier, ctx context.Context, projectID string) (*ledger.Project, string, error) {
	p, err := store.GetProject(tx, projectID)
	if err != nil {
		return nil, "", err
	}
	c := CallerFrom(ctx)
	if c.Role != ledger.RoleContractor || c.OrgID == p.GeneralContractorID {
		return p, "", nil
	}
	return p, c.OrgID, nil
}

// isEmployer reports whether org employs workers on p: its GC or a subcontractor.
func isEmployer(p *ledger.Project, org string) bool {
	if org == p.GeneralContractorID {
		return true
	}
	for _, s := range p.SubcontractorIDs {
		if s == org {
			return true
		}
	}
	return false
}

// pendingWorker is one checked worker of a request or a file row.
type pendingWorker struct {
	row int
	w   ledger.CheckedWorker
}

// RegisterWorker registers a person by real name (or finds them) and enrols
// them on the project.
func (s *Service) RegisterWorker(ctx context.Context, projectID string, in ledger.WorkerInput) (*ledger.Enrolment, error) {
	today := ledger.DateOf(s.DB.Now())
	w, errs := ledger.CheckWorker(in, today)
	if len(errs) > 0 {
		return nil, &ledger.Error{Code: ledger.EInvalid, Message: "worker is not valid", Fields: errs}
	}
	var out []*ledger.Enrolment
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.enrolWorkers(tx, projectID, []pendingWorker{{w: w}})
		if err != nil {
			return err
		}
		e := out[0]
		return audit(tx, projectID, "worker.enrol", e.ID, e.Name+" "+e.IDNumber, map[string]string{"enrolment": e.ID})
	})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// enrolWorkers does the database half of registration for a batch, set-based:
// identities are found by blind index (the same number under another name is
// refused), new ones created, open enrolments refused, shared cards warned
// about, and enrolments written in bulk. Errors name the row of each worker.
func (s *Service) enrolWorkers(tx *store.Tx, projectID string, ws []pendingWorker) ([]*ledger.Enrolment, error) {
	if s.Identity == nil {
		return nil, fmt.Errorf("service: no identity keys configured")
	}
	ctx := tx.Ctx()
	p, onlyEmployer, err := projectFor(tx, ctx, projectID)
	if err != nil {
		return nil, err
	}
	if p.Status == ledger.ProjectCompleted {
		return nil, ledger.Errorf(ledger.EConflict, "project %s was completed on %s: no one can be enrolled", p.Code, p.CompletedOn)
	}
	var v ledger.Validation
	caller := CallerFrom(ctx)
	orgs := map[string]*ledger.Organization{} // what files name, resolved once per name
	idIndex := make([]string, len(ws))
	cardIndex := make([]string, len(ws))
	firstRowOfID := map[string]int{}
	for i := range ws {
		w := &ws[i].w
		row := ws[i].row
		if w.EmployerID == "" && caller.Role == ledger.RoleContractor {
			w.EmployerID = caller.OrgID
		}
		if w.EmployerID != "" {
			w.EmployerID = resolved(tx, orgs, w.EmployerID)
		}
		switch {
		case w.EmployerID == "":
			v.AddRow(row, "employer_id", "required", "employer_id is required: the general contractor or a subcontractor of the project")
		case onlyEmployer != "" && w.EmployerID != onlyEmployer:
			return nil, ledger.Errorf(ledger.EForbidden, "a subcontractor registers only its own workers (row %d names employer %s)", row, w.EmployerID)
		case !isEmployer(p, w.EmployerID):
			v.AddRow(row, "employer_id", "not_on_project", "%s is neither the general contractor nor a subcontractor of project %s", w.EmployerID, p.Code)
		}
		bankRef := w.BankID
		w.BankID = resolved(tx, orgs, w.BankID)
		if o := orgs[w.BankID]; o == nil {
			v.AddRow(row, "bank_id", "not_a_bank", "bank %q is not registered: use the bank's ID, credit code or registered name", bankRef)
		} else if o.Kind != ledger.OrgBank {
			v.AddRow(row, "bank_id", "not_a_bank", "%s (%s) is not a bank", o.ID, o.Name)
		}
		idIndex[i] = s.Identity.Index("id_number", w.ID.Number)
		cardIndex[i] = s.Identity.Index("bank_card", w.BankCard)
		if first, dup := firstRowOfID[idIndex[i]]; dup {
			v.AddRow(row, "id_number", "duplicate", "the same person appears on row %d too", first)
		} else {
			firstRowOfID[idIndex[i]] = row
		}
	}
	if err := v.Err("workers are not valid"); err != nil {
		return nil, err
	}

	found, err := store.FindIdentities(tx, idIndex)
	if err != nil {
		return nil, err
	}
	var newIDs []store.Identity
	workerIDs := make([]string, len(ws))
	for i, pw := range ws {
		w := pw.w
		if id, ok := found[idIndex[i]]; ok {
			if id.Name != w.Name {
				v.AddRow(pw.row, "name", "name_mismatch", "identity number %s is registered under another name; one identity is one person", identity.MaskID(w.ID.Number))
			}
			workerIDs[i] = id.ID
			continue
		}
		enc, err := s.Identity.Encrypt(w.ID.Number, "id_number")
		if err != nil {
			return nil, err
		}
		id := store.Identity{ID: ledger.NewID("wkr"), Index: idIndex[i], Enc: enc, Masked: identity.MaskID(w.ID.Number),
			Name: w.Name, Gender: w.ID.Gender(), BirthDate: w.ID.BirthDate}
		newIDs = append(newIDs, id)
		workerIDs[i] = id.ID
	}
	open, err := store.OpenEnrolmentsOf(tx, projectID, workerIDs)
	if err != nil {
		return nil, err
	}
	for i, pw := range ws {
		if e, ok := open[workerIDs[i]]; ok {
			v.AddRow(pw.row, "id_number", "already_enrolled", "this person is already enrolled on the project since %s (%s); record their exit before enrolling them again", e.EnteredOn, e.ID)
		}
	}
	if err := v.Err("workers cannot be enrolled"); err != nil {
		return nil, err
	}
	holders, err := store.CardHolders(tx, projectID, cardIndex)
	if err != nil {
		return nil, err
	}
	cardRows := map[string][]int{}
	for i := range ws {
		cardRows[cardIndex[i]] = append(cardRows[cardIndex[i]], i)
	}
	if err := store.CreateIdentities(tx, newIDs); err != nil {
		return nil, err
	}
	rows := make([]store.EnrolmentRow, len(ws))
	out := make([]*ledger.Enrolment, len(ws))
	for i, pw := range ws {
		w := pw.w
		cardEnc, err := s.Identity.Encrypt(w.BankCard, "bank_card")
		if err != nil {
			return nil, err
		}
		var phoneEnc, phoneMasked string
		if w.Phone != "" {
			if phoneEnc, err = s.Identity.Encrypt(w.Phone, "phone"); err != nil {
				return nil, err
			}
			phoneMasked = w.Phone[:3] + "****" + w.Phone[7:]
		}
		rows[i] = store.EnrolmentRow{
			ProjectID: projectID, ID: ledger.NewID("enr"), WorkerID: workerIDs[i], Name: w.Name, IDNumberMasked: identity.MaskID(w.ID.Number),
			EmployerID: w.EmployerID, Team: w.Team, Trade: w.Trade, ContractKind: w.ContractKind, ContractSignedOn: w.ContractSignedOn,
			EnteredOn: w.EnteredOn, BankCardEnc: cardEnc, BankCardIndex: cardIndex[i], BankCardMasked: identity.MaskCard(w.BankCard),
			BankID: w.BankID, PhoneEnc: phoneEnc, PhoneMasked: phoneMasked, Gender: w.ID.Gender(), BirthDate: w.ID.BirthDate,
		}
		e := rows[i].Enrolment()
		e.CreatedAt = tx.Now
		e.Warnings = s.policy().AgeWarnings(w.ID, w.Trade, p.RegionCode, w.EnteredOn)
		var others []string
		for _, h := range holders[cardIndex[i]] {
			if h.WorkerID != workerIDs[i] {
				others = append(others, h.ID+" ("+h.Name+")")
			}
		}
		for _, j := range cardRows[cardIndex[i]] {
			if j != i && workerIDs[j] != workerIDs[i] {
				others = append(others, ws[j].w.Name+rowSuffix(ws[j].row))
			}
		}
		if len(others) > 0 {
			sort.Strings(others)
			e.Warnings = append(e.Warnings, fmt.Sprintf("bank card %s is also registered to %s: wages must go to each worker's own card", identity.MaskCard(w.BankCard), strings.Join(others, ", ")))
		}
		out[i] = e
	}
	if err := store.CreateEnrolments(tx, rows); err != nil {
		return nil, err
	}
	return out, nil
}

// resolved turns an organisation reference from a request or file (an ID,
// a credit code, or a registered name) into its ID, caching the answer; an
// unknown reference comes back as it was and fails the checks after it.
func resolved(q store.Querier, cache map[string]*ledger.Organization, ref string) string {
	o, seen := cache[ref]
	if !seen {
		o, _ = store.ResolveOrganization(q, ref)
		cache[ref] = o
		if o != nil {
			cache[o.ID] = o
		}
	}
	if o == nil {
		return ref
	}
	return o.ID
}

func rowSuffix(row int) string {
	if row == 0 {
		return ""
	}
	return fmt.Sprintf(" (row %d)", row)
}

func (s *Service) policy() *ledger.Policy {
	if s.Policy == nil {
		return ledger.DefaultPolicy()
	}
	return s.Policy
}

// restrictedEnrolment reads an enrolment the caller may act on: a
// subcontractor sees only its own workers (others are not found).
func restrictedEnrolment(tx store.Querier, ctx context.Context, projectID, enrolmentID string) (*store.EnrolmentRow, *ledger.Project, error) {
	p, only, err := projectFor(tx, ctx, projectID)
	if err != nil {
		return nil, nil, err
	}
	e, err := store.GetEnrolment(tx, projectID, enrolmentID)
	if err != nil {
		return nil, nil, err
	}
	if only != "" && e.EmployerID != only {
		return nil, nil, ledger.Errorf(ledger.ENotFound, "enrolment %q not found", enrolmentID)
	}
	return e, p, nil
}

// ExitWorker records that an enrolled worker left the site.
func (s *Service) ExitWorker(ctx context.Context, projectID, enrolmentID string, on ledger.Date) (*ledger.Enrolment, error) {
	var out *ledger.Enrolment
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		e, _, err := restrictedEnrolment(tx, ctx, projectID, enrolmentID)
		if err != nil {
			return err
		}
		if err := ledger.CheckEventDate("exited_on", on, e.EnteredOn, "worker's entry", ledger.DateOf(tx.Now)); err != nil {
			return err
		}
		if e.ExitedOn != nil {
			return ledger.Errorf(ledger.EConflict, "enrolment %s already exited on %s", enrolmentID, e.ExitedOn)
		}
		if err := store.ExitEnrolment(tx, projectID, enrolmentID, on); err != nil {
			return err
		}
		e.ExitedOn = &on
		out = e.Enrolment()
		return audit(tx, projectID, "worker.exit", enrolmentID, on.String(), map[string]string{"exited_on": on.String()})
	})
	return out, err
}

// WorkerUpdate changes a worker's card or phone; empty fields stay as they are.
type WorkerUpdate struct {
	BankCard string
	BankID   string
	Phone    string
}

// UpdateWorker replaces an enrolment's card and/or phone, keeping the old
// ones on record with the dates they were valid.
func (s *Service) UpdateWorker(ctx context.Context, projectID, enrolmentID string, u WorkerUpdate) (*ledger.Enrolment, error) {
	var v ledger.Validation
	var card, phone string
	if strings.TrimSpace(u.BankCard) != "" {
		c, ferr := ledger.CheckBankCard(u.BankCard)
		if ferr != nil {
			v.Fields = append(v.Fields, *ferr)
		}
		card = c
		if strings.TrimSpace(u.BankID) == "" {
			v.Add("bank_id", "required", "a new card needs the bank_id of its bank")
		}
	}
	if strings.TrimSpace(u.Phone) != "" {
		ph, ferr := ledger.CheckMobile(u.Phone)
		if ferr != nil {
			v.Fields = append(v.Fields, *ferr)
		}
		phone = ph
	}
	if strings.TrimSpace(u.BankCard) == "" && strings.TrimSpace(u.Phone) == "" {
		v.Add("bank_card", "required", "send a new bank_card (with bank_id) or phone")
	}
	if err := v.Err("update is not valid"); err != nil {
		return nil, err
	}
	var out *ledger.Enrolment
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		e, _, err := restrictedEnrolment(tx, ctx, projectID, enrolmentID)
		if err != nil {
			return err
		}
		var changed []string
		if card != "" {
			bank := strings.TrimSpace(u.BankID)
			o, err := store.GetOrganization(tx, bank)
			if err != nil || o.Kind != ledger.OrgBank {
				return &ledger.Error{Code: ledger.EInvalid, Message: "update is not valid", Fields: []ledger.FieldError{{Field: "bank_id", Code: "not_a_bank", Message: fmt.Sprintf("%q is not a registered bank", bank)}}}
			}
			enc, err := s.Identity.Encrypt(card, "bank_card")
			if err != nil {
				return err
			}
			if err := store.ReplaceDetail(tx, projectID, enrolmentID, "bank_card", enc, s.Identity.Index("bank_card", card), identity.MaskCard(card), &bank); err != nil {
				return err
			}
			e.BankCardMasked, e.BankID = identity.MaskCard(card), bank
			changed = append(changed, "bank_card "+identity.MaskCard(card))
		}
		if phone != "" {
			enc, err := s.Identity.Encrypt(phone, "phone")
			if err != nil {
				return err
			}
			masked := phone[:3] + "****" + phone[7:]
			if err := store.ReplaceDetail(tx, projectID, enrolmentID, "phone", enc, "", masked, nil); err != nil {
				return err
			}
			e.PhoneMasked = masked
			changed = append(changed, "phone "+masked)
		}
		out = e.Enrolment()
		return audit(tx, projectID, "worker.update", enrolmentID, strings.Join(changed, ", "), map[string]any{"changed": changed})
	})
	return out, err
}

// GetWorker reads one enrolment with its card and phone history.
func (s *Service) GetWorker(ctx context.Context, projectID, enrolmentID string) (*ledger.Enrolment, []store.DetailHistory, error) {
	r := s.DB.Reader(ctx)
	e, _, err := restrictedEnrolment(r, ctx, projectID, enrolmentID)
	if err != nil {
		return nil, nil, err
	}
	h, err := store.EnrolmentHistory(r, projectID, enrolmentID)
	return e.Enrolment(), h, err
}

// ListWorkers lists a project's enrolments with masked identities; a
// subcontractor sees only its own workers.
func (s *Service) ListWorkers(ctx context.Context, f store.EnrolmentFilter) ([]*ledger.Enrolment, error) {
	r := s.DB.Reader(ctx)
	_, only, err := projectFor(r, ctx, f.ProjectID)
	if err != nil {
		return nil, err
	}
	if f.Status != "" && f.Status != ledger.EnrolmentActive && f.Status != ledger.EnrolmentExited {
		return nil, &ledger.Error{Code: ledger.EInvalid, Message: "bad filter", Fields: []ledger.FieldError{{Field: "status", Code: "unknown", Message: "status must be active or exited"}}}
	}
	if only != "" {
		if f.EmployerID != "" && f.EmployerID != only {
			return []*ledger.Enrolment{}, nil
		}
		f.EmployerID = only
	}
	rows, err := store.ListEnrolments(r, f)
	if err != nil {
		return nil, err
	}
	out := make([]*ledger.Enrolment, len(rows))
	for i := range rows {
		out[i] = rows[i].Enrolment()
	}
	return out, nil
}
