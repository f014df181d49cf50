package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// projectFor reads a project in tx and says which employer the caller is
// limited to (ledger.EmployerLimit, which Caller.Sees asks too): a
// subcontractor acts on, and sees, only its own workers; the GC,
// administrators, and the read-only bank and inspector see all of them (the
// authorizer has already kept the last two from writing).
func projectFor(tx store.Querier, ctx context.Context, projectID string) (*ledger.Project, string, error) {
	p, err := store.GetProject(tx, projectID)
	if err != nil {
		return nil, "", err
	}
	c := CallerFrom(ctx)
	return p, ledger.EmployerLimit(c.Role, c.OrgID, c.OrgID == p.GeneralContractorID), nil
}

// pendingWorker is one checked worker of a request or a file row.
type pendingWorker struct {
	row      int
	w        ledger.CheckedWorker
	warnings []ledger.FieldError // of the row itself (a certificate not read)
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
		if m := s.policy().CertificateOffTrade(in); m.Key != "" {
			e.Warnings = append(e.Warnings, m)
		}
		return audit(tx, projectID, "worker.enrol", e.ID, ledger.Verbatim(e.Name+" "+e.IDNumber), map[string]string{"enrolment": e.ID})
	})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// enrolWorkers does the database half of registration for a batch,
// set-based: it resolves the organisations the rows name and decides the
// batch (ledger.CheckEnrolees), reads what the registry knows of its people
// and cards in a few queries, decides again (ledger.DecideEnrolments), and
// writes the new identities and the enrolments in bulk. Errors name the row
// of each worker.
func (s *Service) enrolWorkers(tx *store.Tx, projectID string, ws []pendingWorker) ([]*ledger.Enrolment, error) {
	if s.Identity == nil {
		return nil, fmt.Errorf("service: no identity keys configured")
	}
	p, onlyEmployer, err := projectFor(tx, tx.Ctx(), projectID)
	if err != nil {
		return nil, err
	}
	es, err := s.enrolees(tx, ws)
	if err != nil {
		return nil, err
	}
	if err := ledger.CheckEnrolees(p, onlyEmployer, es); err != nil {
		return nil, err
	}
	facts, err := enrolmentFacts(tx, projectID, es)
	if err != nil {
		return nil, err
	}
	facts.Viewer = onlyEmployer
	facts.CertViewer = ledger.CertificateViewerOf(CallerFrom(tx.Ctx()).Role, CallerFrom(tx.Ctx()).OrgID)
	decisions, err := ledger.DecideEnrolments(es, facts, s.policy(), p.RegionCode)
	if err != nil {
		return nil, err
	}
	return s.writeEnrolments(tx, p, es, decisions)
}

// enrolees resolves what the rows of a batch name: the employer (the caller
// itself when a contractor names none) and the bank as organisations, each
// reference looked up once, and the blind indexes and masks of the numbers.
func (s *Service) enrolees(tx *store.Tx, ws []pendingWorker) ([]ledger.Enrolee, error) {
	caller := CallerFrom(tx.Ctx())
	orgs := map[string]*ledger.Organization{} // what files name, resolved once per name
	es := make([]ledger.Enrolee, len(ws))
	for i, pw := range ws {
		w := pw.w
		if w.EmployerID == "" && caller.Role == ledger.RoleContractor {
			w.EmployerID = caller.OrgID
		}
		var err error
		if w.EmployerID != "" {
			if w.EmployerID, err = resolved(tx, orgs, w.EmployerID); err != nil {
				return nil, err
			}
		}
		bankRef := w.BankID
		if w.BankID, err = resolved(tx, orgs, w.BankID); err != nil {
			return nil, err
		}
		es[i] = ledger.Enrolee{Row: pw.row, Worker: w, BankRef: bankRef, Bank: orgs[w.BankID],
			Person: s.Identity.Index("id_number", w.ID.Number), Card: s.Identity.Index("bank_card", w.BankCard),
			IDMasked: identity.MaskID(w.ID.Number), CardMasked: identity.MaskCard(w.BankCard)}
		if w.Certificate != nil {
			es[i].Certificate = s.certificateIndex(w.Certificate.Number)
		}
	}
	return es, nil
}

// enrolmentFacts reads what the registry knows of a batch: its people by
// blind index, their open enrolments on the project, and the project's open
// enrolments paid to its cards.
func enrolmentFacts(tx *store.Tx, projectID string, es []ledger.Enrolee) (ledger.EnrolmentFacts, error) {
	f := ledger.EnrolmentFacts{People: map[string]ledger.RegisteredPerson{}, Open: map[string]ledger.OpenEnrolment{}, Cards: map[string][]ledger.CardHolder{}}
	people, cards, certs := make([]string, len(es)), make([]string, len(es)), make([]string, len(es))
	for i, e := range es {
		people[i], cards[i], certs[i] = e.Person, e.Card, e.Certificate
	}
	var err error
	if f.Certificates, err = store.CertificateHolders(tx, certs); err != nil {
		return f, err
	}
	found, err := store.FindIdentities(tx, people)
	if err != nil {
		return f, err
	}
	workerIDs := make([]string, 0, len(found))
	for idx, id := range found {
		f.People[idx] = ledger.RegisteredPerson{WorkerID: id.ID, Name: id.Name}
		workerIDs = append(workerIDs, id.ID)
	}
	open, err := store.OpenEnrolmentsOf(tx, projectID, workerIDs)
	if err != nil {
		return f, err
	}
	for w, e := range open {
		f.Open[w] = ledger.OpenEnrolment{ID: e.ID, EnteredOn: e.EnteredOn}
	}
	holders, err := store.CardHolders(tx, projectID, cards)
	if err != nil {
		return f, err
	}
	for card, hs := range holders {
		for _, h := range hs {
			f.Cards[card] = append(f.Cards[card], ledger.CardHolder{EnrolmentID: h.ID, WorkerID: h.WorkerID, Name: h.Name, EmployerID: h.EmployerID})
		}
	}
	return f, nil
}

// writeEnrolments registers the batch's new identities and writes its
// enrolments, numbers encrypted, and returns them with their warnings.
func (s *Service) writeEnrolments(tx *store.Tx, p *ledger.Project, es []ledger.Enrolee, ds []ledger.EnrolmentDecision) ([]*ledger.Enrolment, error) {
	projectID := p.ID
	var newIDs []store.Identity
	rows := make([]store.EnrolmentRow, len(es))
	for i, e := range es {
		w := e.Worker
		if ds[i].WorkerID == "" {
			enc, err := s.Identity.Encrypt(w.ID.Number, "id_number")
			if err != nil {
				return nil, err
			}
			ds[i].WorkerID = ledger.NewID("wkr")
			newIDs = append(newIDs, store.Identity{ID: ds[i].WorkerID, Index: e.Person, Enc: enc, Masked: e.IDMasked,
				Name: w.Name, Gender: w.ID.Gender(), BirthMonth: ledger.BirthMonth(w.ID.BirthDate), RegionCode: w.ID.Region})
		}
		cardEnc, err := s.Identity.Encrypt(w.BankCard, "bank_card")
		if err != nil {
			return nil, err
		}
		var phoneEnc, phoneMasked string
		if w.Phone != "" {
			if phoneEnc, err = s.Identity.Encrypt(w.Phone, "phone"); err != nil {
				return nil, err
			}
			phoneMasked = identity.MaskPhone(w.Phone)
		}
		rows[i] = store.EnrolmentRow{
			ProjectID: projectID, ID: ledger.NewIDIn("enr", projectID), WorkerID: ds[i].WorkerID, Name: w.Name, IDNumberMasked: e.IDMasked,
			EmployerID: w.EmployerID, Team: w.Team, Trade: w.Trade, TradeCode: w.TradeCode, ContractKind: w.ContractKind, ContractSignedOn: w.ContractSignedOn,
			EnteredOn: w.EnteredOn, BankCardEnc: cardEnc, BankCardIndex: e.Card, BankCardMasked: e.CardMasked,
			AccountKind: w.AccountKind, BankID: w.BankID, PhoneEnc: phoneEnc, PhoneMasked: phoneMasked,
		}
	}
	if err := store.CreateIdentities(tx, newIDs); err != nil {
		return nil, err
	}
	if err := store.CreateEnrolments(tx, rows); err != nil {
		return nil, err
	}
	certs, err := s.enroleeCertificates(tx, projectID, rows, es)
	if err != nil {
		return nil, err
	}
	out := make([]*ledger.Enrolment, len(rows))
	caller, today := CallerFrom(tx.Ctx()), ledger.DateOf(tx.Now)
	for i := range rows {
		out[i] = rows[i].Enrolment()
		out[i].CreatedAt, out[i].Warnings, out[i].Certificate = tx.Now, ds[i].Warnings, certs[i]
		w := es[i].Worker
		out[i].ShowPerson(w.ID.BirthDate, w.ID.Male, today, ledger.SeesBirthDate(caller.Role, caller.OrgID, w.EmployerID, p.GeneralContractorID))
	}
	return out, nil
}

// enroleeCertificates records the certificates a batch gave with its
// workers, for the enrolments just written.
func (s *Service) enroleeCertificates(tx *store.Tx, projectID string, rows []store.EnrolmentRow, es []ledger.Enrolee) ([]*ledger.Certificate, error) {
	ids, checked := make([]string, len(rows)), make([]*ledger.CheckedCertificate, len(rows))
	for i := range rows {
		ids[i], checked[i] = rows[i].ID, es[i].Worker.Certificate
	}
	return s.insertCertificates(tx, projectID, ids, checked)
}

// presented is an enrolment as the caller may see it: the birth date and
// sex, read from the encrypted number, for the worker's own employers and
// inspectors (ledger.SeesBirthDate), an age band for everyone.
func (s *Service) presented(ctx context.Context, p *ledger.Project, r *store.EnrolmentRow) (*ledger.Enrolment, error) {
	e := r.Enrolment()
	if s.Identity == nil {
		return nil, fmt.Errorf("service: no identity keys configured")
	}
	number, err := s.Identity.Decrypt(r.IDNumberEnc, "id_number")
	if err != nil {
		return nil, err
	}
	today := ledger.DateOf(s.DB.Now())
	id, ferr := ledger.CheckResidentID(number, today)
	if ferr != nil {
		return nil, fmt.Errorf("service: enrolment %s: the stored identity number does not read: %s", r.ID, ferr.Message)
	}
	c := CallerFrom(ctx)
	e.ShowPerson(id.BirthDate, id.Male, today, ledger.SeesBirthDate(c.Role, c.OrgID, r.EmployerID, p.GeneralContractorID))
	return e, nil
}

// resolved turns an organisation reference from a request or file (an ID,
// a credit code, or a registered name) into its ID, caching the answer; an
// unknown reference comes back as it was and fails the checks after it.
//
// Only "not found" and "names several" are the rows' own fault, for the
// checks after it to name; a failed lookup (the database went away) is an
// error, not a bank that "is not registered" (a 422 for a request that a
// retry would have stored).
func resolved(q store.Querier, cache map[string]*ledger.Organization, ref string) (string, error) {
	o, seen := cache[ref]
	if !seen {
		var err error
		o, err = store.ResolveOrganization(q, ref)
		if code := ledger.ErrorCode(err); err != nil && code != ledger.ENotFound && code != ledger.EInvalid {
			return "", err
		}
		cache[ref] = o
		if o != nil {
			cache[o.ID] = o
		}
	}
	if o == nil {
		return ref, nil
	}
	return o.ID, nil
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
	if !ledger.SeesEmployer(only, e.EmployerID) {
		return nil, nil, ledger.Errorf(ledger.ENotFound, "enrolment %q not found", enrolmentID)
	}
	return e, p, nil
}

// ExitWorker records that an enrolled worker left the site.
func (s *Service) ExitWorker(ctx context.Context, projectID, enrolmentID string, on ledger.Date) (*ledger.Enrolment, error) {
	var out *ledger.Enrolment
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		e, p, err := restrictedEnrolment(tx, ctx, projectID, enrolmentID)
		if err != nil {
			return err
		}
		if err := ledger.CheckExit(enrolmentID, on, e.EnteredOn, e.ExitedOn, ledger.DateOf(tx.Now)); err != nil {
			return err
		}
		if err := store.ExitEnrolment(tx, projectID, enrolmentID, on); err != nil {
			return err
		}
		e.ExitedOn = &on
		if out, err = s.presented(ctx, p, e); err != nil {
			return err
		}
		return audit(tx, projectID, "worker.exit", enrolmentID, ledger.Verbatim(on.String()), map[string]string{"exited_on": on.String()})
	})
	return out, err
}

// WorkerUpdate changes a worker's card (or account: AccountKind) or phone;
// empty fields stay as they are.
type WorkerUpdate struct {
	BankCard    string
	AccountKind string
	BankID      string
	Phone       string
}

// UpdateWorker replaces an enrolment's card and/or phone, keeping the old
// ones on record with the dates they were valid.
func (s *Service) UpdateWorker(ctx context.Context, projectID, enrolmentID string, u WorkerUpdate) (*ledger.Enrolment, error) {
	checked, err := ledger.CheckWorkerUpdate(u.BankCard, u.AccountKind, u.BankID, u.Phone)
	if err != nil {
		return nil, err
	}
	card, phone := checked.BankCard, checked.Phone
	var out *ledger.Enrolment
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		e, p, err := restrictedEnrolment(tx, ctx, projectID, enrolmentID)
		if err != nil {
			return err
		}
		var changed []string
		if card != "" {
			bank := checked.BankID
			var kind ledger.OrgKind // "" when no organisation has the ID
			switch o, err := store.GetOrganization(tx, bank); {
			case err == nil:
				kind = o.Kind
			case ledger.ErrorCode(err) != ledger.ENotFound:
				return err // the database failed: not a verdict on the bank
			}
			if err := ledger.CheckCardBank(bank, kind); err != nil {
				return err
			}
			enc, err := s.Identity.Encrypt(card, "bank_card")
			if err != nil {
				return err
			}
			if err := store.ReplaceCard(tx, projectID, enrolmentID, store.NewCard{Enc: enc, Index: s.Identity.Index("bank_card", card),
				Masked: identity.MaskCard(card), Kind: checked.AccountKind, BankID: bank}); err != nil {
				return err
			}
			e.BankCardMasked, e.AccountKind, e.BankID = identity.MaskCard(card), checked.AccountKind, bank
			changed = append(changed, "bank_card "+identity.MaskCard(card))
		}
		if phone != "" {
			enc, err := s.Identity.Encrypt(phone, "phone")
			if err != nil {
				return err
			}
			masked := identity.MaskPhone(phone)
			if err := store.ReplacePhone(tx, projectID, enrolmentID, enc, masked); err != nil {
				return err
			}
			e.PhoneMasked = masked
			changed = append(changed, "phone "+masked)
		}
		if out, err = s.presented(ctx, p, e); err != nil {
			return err
		}
		return audit(tx, projectID, "worker.update", enrolmentID, ledger.Verbatim(strings.Join(changed, ", ")), map[string]any{"changed": changed})
	})
	return out, err
}

// GetWorker reads one enrolment with its card and phone history.
func (s *Service) GetWorker(ctx context.Context, projectID, enrolmentID string) (*ledger.Enrolment, []store.DetailHistory, error) {
	r := s.DB.Reader(ctx)
	e, p, err := restrictedEnrolment(r, ctx, projectID, enrolmentID)
	if err != nil {
		return nil, nil, err
	}
	out, err := s.presented(ctx, p, e)
	if err != nil {
		return nil, nil, err
	}
	certs, err := store.EnrolmentCertificates(r, projectID, enrolmentID)
	if err != nil {
		return nil, nil, err
	}
	if len(certs) > 0 {
		out.Certificate = certs[len(certs)-1] // the current one
	}
	h, err := store.EnrolmentHistory(r, projectID, enrolmentID)
	return out, h, err
}

// ListWorkers lists a project's enrolments with masked identities; a
// subcontractor sees only its own workers.
func (s *Service) ListWorkers(ctx context.Context, f store.EnrolmentFilter) ([]*ledger.Enrolment, error) {
	r := s.DB.Reader(ctx)
	p, only, err := projectFor(r, ctx, f.ProjectID)
	if err != nil {
		return nil, err
	}
	if err := ledger.CheckEnrolmentFilter(ledger.EnrolmentStatus(f.Status)); err != nil {
		return nil, err
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
		if out[i], err = s.presented(ctx, p, &rows[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FillRegionCodes records the region code of every identity registered
// before it was kept in clear, read from its encrypted number, in batches of
// one transaction each; the run that adds the column calls it (it needs the
// key file, which SQL has not). It returns how many it filled.
func (s *Service) FillRegionCodes(ctx context.Context) (int, error) {
	if s.Identity == nil {
		return 0, nil
	}
	filled, after := 0, ""
	for {
		rows, err := store.IdentitiesWithoutRegion(s.DB.Reader(ctx), after, 1000)
		if err != nil || len(rows) == 0 {
			return filled, err
		}
		err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
			for _, r := range rows {
				number, err := s.Identity.Decrypt(r.Enc, "id_number")
				if err != nil {
					return fmt.Errorf("service: identity %s: %w", r.ID, err)
				}
				if len(number) < 6 {
					return fmt.Errorf("service: identity %s: the stored number is too short to have a region", r.ID)
				}
				if err := store.SetRegionCode(tx, r.ID, number[:6]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return filled, err
		}
		filled, after = filled+len(rows), rows[len(rows)-1].ID
	}
}
