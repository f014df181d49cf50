package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// sim is one demo being built.
type sim struct {
	svc      *service.Service
	clock    *Clock
	opt      Options
	g        *people
	cal      *ledger.Calendar
	admin    context.Context
	start    ledger.Date
	orgs     map[string]*org
	projects []*project
	res      *Result
}

// org is an organisation with the caller its people act as: its API key,
// authenticated as a request's would be.
type org struct {
	plan orgPlan
	id   string
	key  string
	as   context.Context
	// approver is a contractor's wage officer, with a key of their own:
	// the key that submitted a payroll may not approve it (four-eyes).
	approver context.Context
}

// project is a project being simulated.
type project struct {
	plan      *projectPlan
	p         *ledger.Project
	workers   []*worker
	balance   ledger.Money // the wage account, as the bank knows it
	uploaded  ledger.Date  // attendance is uploaded for the days before this one
	payrolls  []*payroll
	guarantee string
	drawn     ledger.Money        // what the inspector drew on the guarantee
	drawnIns  []store.Instruction // the drawdown's payments
}

// worker is one generated person enrolled on a project.
type worker struct {
	n                          int // the demo's worker number, for the attendance hash
	employer                   string
	name, id, card, phone      string
	rate                       ledger.Money
	enrolment                  string
	ghost, sharesCard, leaves  bool
	leftOff, lowPaid, partPaid bool // the planted problems of the same names (problems)
	failsIn                    int  // the month whose payment fails (-1: none)
	exitedOn                   ledger.Date
	// certUntil is the end of the worker's operation certificate, in a
	// special-operations trade; zero: none (planted, or not needed).
	certUntil ledger.Date
}

// setUp registers the organisations, their keys, the projects and the
// workers on the first day.
func (s *sim) setUp(ctx context.Context) error {
	for _, op := range orgPlans {
		o, err := s.svc.CreateOrganization(s.admin, ledger.Organization{Name: op.name, USCC: s.g.uscc(op.region), Kind: op.kind, RegionCode: op.region})
		if err != nil {
			return fmt.Errorf("demo: organisation %s: %w", op.key, err)
		}
		if s.orgs[op.key], err = s.signIn(ctx, &o.ID, roleOf(op.kind), op); err != nil {
			return err
		}
		s.orgs[op.key].id = o.ID
		s.res.Labels["employer:"+o.ID] = op.key
	}
	admin, err := s.signIn(ctx, nil, ledger.RoleAdmin, orgPlan{key: "admin"})
	if err != nil {
		return err
	}
	s.orgs["admin"] = admin
	for i := range projectPlans {
		if err := s.register(&projectPlans[i]); err != nil {
			return fmt.Errorf("demo: project %s: %w", projectPlans[i].key, err)
		}
	}
	s.clock.at(s.start, 10)
	for _, p := range s.projects {
		if err := s.enrol(p); err != nil {
			return fmt.Errorf("demo: workers of %s: %w", p.plan.key, err)
		}
	}
	return nil
}

func roleOf(k ledger.OrgKind) ledger.Role {
	switch k {
	case ledger.OrgGeneralContractor, ledger.OrgSubcontractor:
		return ledger.RoleContractor
	case ledger.OrgBank:
		return ledger.RoleBank
	case ledger.OrgAuthority:
		return ledger.RoleInspector
	}
	return "" // owners sign in to nothing: their bank reports what they allocate
}

// signIn makes an organisation's API key and authenticates it, as a request
// presenting it would be.
func (s *sim) signIn(ctx context.Context, orgID *string, role ledger.Role, op orgPlan) (*org, error) {
	o := &org{plan: op}
	if role == "" {
		return o, nil
	}
	k, err := s.svc.CreateAPIKey(s.admin, orgID, role, "demo: "+op.key, "")
	if err != nil {
		return nil, fmt.Errorf("demo: key of %s: %w", op.key, err)
	}
	c, err := s.svc.Authenticate(ctx, k.Key)
	if err != nil {
		return nil, err
	}
	o.key, o.as = k.Key, service.WithCaller(ctx, c)
	if role == ledger.RoleContractor {
		officer, err := s.svc.CreateAPIKey(s.admin, orgID, role, "demo: "+op.key+" wage officer", "")
		if err != nil {
			return nil, fmt.Errorf("demo: wage officer's key of %s: %w", op.key, err)
		}
		oc, err := s.svc.Authenticate(ctx, officer.Key)
		if err != nil {
			return nil, err
		}
		o.approver = service.WithCaller(ctx, oc)
	}
	return o, nil
}

// register has the general contractor register the project with its wage
// account and subcontractors, and plans its workers.
func (s *sim) register(pp *projectPlan) error {
	gc := s.orgs[pp.gc]
	in := ledger.Project{Code: pp.code, Name: pp.name, RegionCode: pp.region, OwnerID: s.orgs[pp.owner].id, GeneralContractorID: gc.id,
		ContractAmount: ledger.MustMoney(pp.contract), StartedOn: s.start, PlannedCompletionOn: s.start.AddDays(730),
		PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: s.orgs[pp.bank].id, AccountNo: pp.account},
		Category: "01"} // every demo site is a building (房屋建筑)
	p, err := s.svc.CreateProject(gc.as, in)
	if err != nil {
		return err
	}
	for _, e := range pp.employers {
		if e.org == pp.gc {
			continue
		}
		if _, err := s.svc.AddSubcontractor(gc.as, p.ID, s.orgs[e.org].id); err != nil {
			return err
		}
	}
	s.res.ProjectIDs[pp.key], s.res.Labels["project:"+p.ID] = p.ID, pp.key
	if err := s.insure(pp, p, gc); err != nil {
		return err
	}
	pr := &project{plan: pp, p: p, uploaded: s.start}
	for _, e := range pp.employers {
		n := crewSize(e, s.opt.Workers)
		for i := range n + e.ghosts {
			w := &worker{n: s.res.Figures.Workers, employer: e.org, name: s.g.name(), id: s.g.idNumber(), card: s.g.card(), phone: s.g.phone(),
				rate: ledger.MustMoney(e.rate), ghost: i >= n, failsIn: -1}
			switch {
			case i == 0 && pp.failedCard == e.org:
				w.failsIn = pp.failedAt
			case i == 1 && pp.sharedCard == e.org:
				w.card, w.sharesCard = pr.workers[len(pr.workers)-1].card, true // paid into the first worker's card
			case i == 0 && pp.leaver == e.org:
				w.leaves = true
			case i == 1 && pp.partPaid == e.org:
				w.partPaid = true
			case i == 2 && pp.leftOff == e.org:
				w.leftOff = true
			case i == 3 && pp.lowPaid == e.org:
				w.lowPaid = true
			}
			w.certUntil = s.certificateUntil(pp, e, i)
			pr.workers = append(pr.workers, w)
			s.res.Figures.Workers++
		}
	}
	s.projects = append(s.projects, pr)
	s.res.Figures.Projects++
	return nil
}

// enrol has each employer register its workers with a roster file; the
// worker paid into a workmate's card is added on their own afterwards, as a
// team leader's "helper" usually is.
func (s *sim) enrol(p *project) error {
	for _, e := range p.plan.employers {
		var crew, later []*worker
		for _, w := range p.workers {
			switch {
			case w.employer != e.org:
			case w.sharesCard:
				later = append(later, w)
			default:
				crew = append(crew, w)
			}
		}
		as := s.orgs[e.org].as
		res, _, err := s.svc.ImportWorkers(as, p.p.ID, upload(s.roster(p, e, crew), e.org+"-roster.csv"), false)
		if err != nil {
			return err
		}
		sort.Slice(res.Enrolments, func(i, j int) bool { return res.Enrolments[i].Row < res.Enrolments[j].Row })
		if len(res.Enrolments) != len(crew) {
			return fmt.Errorf("%d of %d workers enrolled", len(res.Enrolments), len(crew))
		}
		for i, en := range res.Enrolments {
			crew[i].enrolment = en.EnrolmentID
		}
		for _, w := range later {
			en, err := s.svc.RegisterWorker(as, p.p.ID, s.workerInput(p, e, w))
			if err != nil {
				return err
			}
			w.enrolment = en.ID
		}
	}
	for i, w := range p.workers {
		s.res.Labels["enrolment:"+w.enrolment] = fmt.Sprintf("%s/%s#%02d", p.plan.key, w.employer, i)
		if !w.sharesCard {
			s.res.Labels["card:"+cardRef(s.svc.Identity.Index("bank_card", w.card))] = fmt.Sprintf("%s/%s#%02d's card", p.plan.key, w.employer, i)
		}
	}
	return nil
}

// cardRef is how an alert names a card (ledger's shared_bank_card rule).
func cardRef(index string) string { return index[:min(16, len(index))] }

func (s *sim) workerInput(p *project, e employerPlan, w *worker) ledger.WorkerInput {
	in := ledger.WorkerInput{Name: w.name, IDNumber: w.id, Phone: w.phone, Team: e.team, Trade: e.trade, BankCard: w.card,
		BankID: s.orgs[p.plan.bank].id, ContractKind: "labour_contract", ContractSignedOn: s.start.AddDays(-3).String(), EnteredOn: s.start.String()}
	if !w.certUntil.IsZero() {
		// The national certificate's number is the holder's identity number.
		// A construction kind (建筑…) is valid two years from its issue or
		// last review (ledger.ReviewOf).
		in.Certificate = ledger.CertificateInput{Number: "T" + w.id, Kind: "建筑" + e.trade,
			ValidFrom: ledger.DateOf(w.certUntil.Time().AddDate(-2, 0, 1)).String(), ValidUntil: w.certUntil.String()}
	}
	return in
}

// insure has the general contractor record the project's work-injury
// policy (按项目参保) on the headcount basis: for two years from the start,
// or to the end of the month uninsuredAfter where that problem is planted.
func (s *sim) insure(pp *projectPlan, p *ledger.Project, gc *org) error {
	until := s.start.AddDays(729)
	if pp.uninsuredAfter > 0 {
		until = s.endOfMonth(pp.uninsuredAfter)
	}
	workers := 0
	for _, e := range pp.employers {
		workers += crewSize(e, s.opt.Workers) + e.ghosts
	}
	_, err := s.svc.RecordInjuryPolicy(gc.as, ledger.InjuryPolicyInput{ProjectID: p.ID, Insurer: "北京市社会保险事业管理中心（演示）",
		PolicyNo: "GS-" + pp.code, ValidFrom: s.start, ValidUntil: until, Basis: ledger.BasisHeadcount, Headcount: workers})
	return err
}

// endOfMonth is the last day of the simulation's month m.
func (s *sim) endOfMonth(m int) ledger.Date {
	first := s.start.Time()
	return ledger.NewDate(first.Year(), first.Month()+time.Month(m)+1, 0)
}

// certificateUntil is the end of worker i's operation certificate: a year
// on in a special-operations trade (past the simulation's six months; the
// two-year review of a construction kind falls then too), unless a planted
// problem leaves the first worker without one or lets theirs expire.
func (s *sim) certificateUntil(pp *projectPlan, e employerPlan, i int) ledger.Date {
	t, known := ledger.LookupTrade(e.trade)
	switch {
	case !known || !s.svc.Policy.SpecialOperation(t.Code), i == 0 && pp.uncertified == e.org:
		return ledger.Date{}
	case i == 0 && pp.certExpires == e.org:
		return s.endOfMonth(pp.certExpiresAt)
	}
	return s.start.AddDays(365)
}

// roster is an employer's roster file, in the columns contractors use.
func (s *sim) roster(p *project, e employerPlan, crew []*worker) []byte {
	var b bytes.Buffer
	b.WriteString("姓名,身份证号,手机号,班组,工种,银行卡号,开户行,合同签订日期,进场日期,特种作业操作证号,操作类别,操作证发证日期,操作证有效期至\n")
	for _, w := range crew {
		in := s.workerInput(p, e, w)
		c := in.Certificate
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", in.Name, in.IDNumber, in.Phone, in.Team, in.Trade, in.BankCard, in.BankID,
			in.ContractSignedOn, in.EnteredOn, c.Number, c.Kind, c.ValidFrom, c.ValidUntil)
	}
	return b.Bytes()
}

// upload is a file as the HTTP layer hands it to the service.
func upload(data []byte, name string) service.Upload {
	sum := sha256.Sum256(data)
	return service.Upload{Body: bytes.NewReader(data), Name: name, SHA256: hex.EncodeToString(sum[:]), Head: data[:min(512, len(data))]}
}
