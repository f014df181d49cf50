package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// Work-injury insurance policies per project and the operation certificates
// of enrolments (migration 0017, issue 18 items 3 and 4).

const injuryInsertColumns = `project_id, id, insurer, policy_no, valid_from, valid_until, basis, headcount, contract_value, content_hash, created_at, created_by`

const injuryColumns = injuryInsertColumns + `, voided_at, voided_by, void_reason`

type injuryRow struct {
	ProjectID     string       `db:"project_id"`
	ID            string       `db:"id"`
	Insurer       string       `db:"insurer"`
	PolicyNo      string       `db:"policy_no"`
	ValidFrom     ledger.Date  `db:"valid_from"`
	ValidUntil    ledger.Date  `db:"valid_until"`
	Basis         string       `db:"basis"`
	Headcount     int          `db:"headcount"`
	ContractValue ledger.Money `db:"contract_value"`
	ContentHash   string       `db:"content_hash"`
	CreatedAt     timeColumn   `db:"created_at"`
	CreatedBy     string       `db:"created_by"`
	VoidedAt      timeColumn   `db:"voided_at"`
	VoidedBy      string       `db:"voided_by"`
	VoidReason    string       `db:"void_reason"`
}

func (r injuryRow) policy() *ledger.InjuryPolicy {
	return &ledger.InjuryPolicy{ID: r.ID, ProjectID: r.ProjectID, Insurer: r.Insurer, PolicyNo: r.PolicyNo, ValidFrom: r.ValidFrom,
		ValidUntil: r.ValidUntil, Basis: ledger.InsuranceBasis(r.Basis), Headcount: r.Headcount, ContractValue: r.ContractValue,
		ContentHash: r.ContentHash, CreatedAt: r.CreatedAt.Time, CreatedBy: r.CreatedBy, VoidedAt: r.VoidedAt.Time, VoidedBy: r.VoidedBy,
		VoidReason: r.VoidReason}
}

// InsertInjuryPolicy records a policy; false when the project already has a
// standing policy of that insurer and number (the caller compares the
// content). A voided policy's number is free again.
func InsertInjuryPolicy(tx *Tx, p *ledger.InjuryPolicy) (bool, error) {
	p.CreatedAt = tx.Now
	res, err := tx.Exec(`INSERT INTO injury_policies (`+injuryInsertColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (project_id, insurer, policy_no) WHERE voided_at IS NULL DO NOTHING`,
		p.ProjectID, p.ID, p.Insurer, p.PolicyNo, p.ValidFrom, p.ValidUntil, string(p.Basis), p.Headcount, int64(p.ContractValue),
		p.ContentHash, tx.Now, p.CreatedBy)
	if err != nil {
		return false, fmt.Errorf("store: unable to record work-injury policy %q: %w", p.PolicyNo, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// InjuryPolicyByNumber is the project's standing policy of insurer and
// number (a voided one gave its number up).
func InjuryPolicyByNumber(q Querier, projectID, insurer, policyNo string) (*ledger.InjuryPolicy, error) {
	var rows []injuryRow
	if err := q.Select(&rows, `SELECT `+injuryColumns+` FROM injury_policies WHERE project_id = ? AND insurer = ? AND policy_no = ? AND voided_at IS NULL`,
		projectID, insurer, policyNo); err != nil {
		return nil, fmt.Errorf("store: unable to read work-injury policy %q: %w", policyNo, err)
	}
	if len(rows) == 0 {
		return nil, notFound("work-injury policy", policyNo)
	}
	return rows[0].policy(), nil
}

// VoidedInjuryPolicyWithContent is the project's voided policy of insurer
// and number with content hash hash, nil when there is none.
func VoidedInjuryPolicyWithContent(q Querier, projectID, insurer, policyNo, hash string) (*ledger.InjuryPolicy, error) {
	var rows []injuryRow
	if err := q.Select(&rows, `SELECT `+injuryColumns+` FROM injury_policies WHERE project_id = ? AND insurer = ? AND policy_no = ? AND content_hash = ?
		AND voided_at IS NOT NULL ORDER BY voided_at DESC, id`, projectID, insurer, policyNo, hash); err != nil {
		return nil, fmt.Errorf("store: unable to read work-injury policy %q: %w", policyNo, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].policy(), nil
}

// InjuryPolicyByID is the project's policy id.
func InjuryPolicyByID(q Querier, projectID, id string) (*ledger.InjuryPolicy, error) {
	var rows []injuryRow
	if err := q.Select(&rows, `SELECT `+injuryColumns+` FROM injury_policies WHERE project_id = ? AND id = ?`, projectID, id); err != nil {
		return nil, fmt.Errorf("store: unable to read work-injury policy %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, notFound("work-injury policy", id)
	}
	return rows[0].policy(), nil
}

// VoidInjuryPolicy voids a policy that is not voided yet: false when it
// already was (the caller answers the earlier voiding).
func VoidInjuryPolicy(tx *Tx, projectID, id, by, reason string) (bool, error) {
	res, err := tx.Exec(`UPDATE injury_policies SET voided_at = ?, voided_by = ?, void_reason = ? WHERE project_id = ? AND id = ? AND voided_at IS NULL`,
		tx.Now, by, reason, projectID, id)
	if err != nil {
		return false, fmt.Errorf("store: unable to void work-injury policy %s: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ProjectInjuryPolicies are the project's policies, by start and ID.
func ProjectInjuryPolicies(q Querier, projectID string) ([]*ledger.InjuryPolicy, error) {
	var rows []injuryRow
	if err := q.Select(&rows, `SELECT `+injuryColumns+` FROM injury_policies WHERE project_id = ? ORDER BY valid_from, id`, projectID); err != nil {
		return nil, fmt.Errorf("store: unable to read the work-injury policies of project %s: %w", projectID, err)
	}
	out := make([]*ledger.InjuryPolicy, len(rows))
	for i, r := range rows {
		out[i] = r.policy()
	}
	return out, nil
}

// InjuryCoverage is the work-injury insurance coverage of projects in
// period (ledger.InjuryCoverageOf), for the statistics: one statement per
// 500 projects, reading only the policies that overlap the period. Every
// project asked for is in the answer, uncovered ones with Days 0.
func InjuryCoverage(q Querier, projectIDs []string, period ledger.Period) (map[string]ledger.InjuryCoverage, error) {
	byProject := make(map[string][]ledger.InjuryPolicyFact, len(projectIDs))
	ids := slices.Compact(slices.Sorted(slices.Values(projectIDs)))
	for chunk := range slices.Chunk(ids, 500) {
		var rows []struct {
			ProjectID  string      `db:"project_id"`
			ID         string      `db:"id"`
			ValidFrom  ledger.Date `db:"valid_from"`
			ValidUntil ledger.Date `db:"valid_until"`
		}
		args := []any{period.Last(), period.First()}
		for _, id := range chunk {
			args = append(args, id)
		}
		if err := q.Select(&rows, `SELECT project_id, id, valid_from, valid_until FROM injury_policies
			WHERE valid_from <= ? AND valid_until >= ? AND voided_at IS NULL AND project_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)
			ORDER BY project_id, valid_from, id`, args...); err != nil {
			return nil, fmt.Errorf("store: unable to read work-injury coverage: %w", err)
		}
		for _, r := range rows {
			byProject[r.ProjectID] = append(byProject[r.ProjectID], ledger.InjuryPolicyFact{ID: r.ID, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil})
		}
	}
	out := make(map[string]ledger.InjuryCoverage, len(ids))
	for _, id := range ids {
		out[id] = ledger.InjuryCoverageOf(byProject[id], period)
	}
	return out, nil
}

const certificateColumns = `project_id, id, enrolment_id, cert_no_enc, cert_no_masked, kind, valid_from, valid_until, recorded_at, recorded_by,
	extended_cycle_consent`

type certificateRow struct {
	ProjectID   string      `db:"project_id"`
	ID          string      `db:"id"`
	EnrolmentID string      `db:"enrolment_id"`
	NumberEnc   string      `db:"cert_no_enc"`
	Number      string      `db:"cert_no_masked"`
	Kind        string      `db:"kind"`
	ValidFrom   ledger.Date `db:"valid_from"`
	ValidUntil  ledger.Date `db:"valid_until"`
	RecordedAt  timeColumn  `db:"recorded_at"`
	RecordedBy  string      `db:"recorded_by"`
	// Consent is the issuing authority's consent to the 6-year review
	// cycle, '' for the ordinary one.
	Consent string `db:"extended_cycle_consent"`
}

func (r certificateRow) certificate() *ledger.Certificate {
	return &ledger.Certificate{ID: r.ID, ProjectID: r.ProjectID, EnrolmentID: r.EnrolmentID,
		CheckedCertificate: ledger.CheckedCertificate{Number: r.Number, Kind: r.Kind, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil,
			ExtendedCycle: r.Consent != "", ExtendedCycleConsent: r.Consent},
		RecordedAt: r.RecordedAt.Time, RecordedBy: r.RecordedBy}
}

// InsertCertificates records certificates of enrolments, each becoming its
// enrolment's current one: encs are their numbers encrypted and idxs their
// keyed blind indexes, in order, and each c.Number is masked. One statement
// per 200 certificates.
func InsertCertificates(tx *Tx, cs []*ledger.Certificate, encs, idxs []string) error {
	for start := 0; start < len(cs); start += 200 {
		end := min(start+200, len(cs))
		var args []any
		for i := start; i < end; i++ {
			c := cs[i]
			c.RecordedAt = tx.Now
			var from *ledger.Date
			if !c.ValidFrom.IsZero() {
				from = &c.ValidFrom
			}
			consent := ""
			if c.ExtendedCycle {
				consent = c.ExtendedCycleConsent
			}
			args = append(args, c.ProjectID, c.ID, c.EnrolmentID, encs[i], c.Number, c.Kind, from, c.ValidUntil, tx.Now, c.RecordedBy, consent, idxs[i])
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", end-start), ", ")
		if _, err := tx.Exec(`INSERT INTO enrolment_certificates (`+certificateColumns+`, cert_no_index) VALUES `+values, args...); err != nil {
			return fmt.Errorf("store: unable to record certificates: %w", err)
		}
	}
	return nil
}

// CertificateHolders are the enrolments, in any project, with a
// certificate whose number has one of the blind indexes idxs, by index: one
// statement per 500 indexes.
func CertificateHolders(q Querier, idxs []string) (map[string][]ledger.CertificateHolder, error) {
	out := map[string][]ledger.CertificateHolder{}
	idxs = slices.Compact(slices.Sorted(slices.Values(idxs)))
	if len(idxs) > 0 && idxs[0] == "" {
		idxs = idxs[1:]
	}
	for chunk := range slices.Chunk(idxs, 500) {
		var rows []struct {
			Index       string `db:"cert_no_index"`
			ProjectCode string `db:"code"`
			EnrolmentID string `db:"enrolment_id"`
			WorkerID    string `db:"worker_id"`
			EmployerID  string `db:"employer_id"`
			GC          string `db:"general_contractor_id"`
		}
		if err := q.Select(&rows, `SELECT DISTINCT c.cert_no_index, p.code, c.enrolment_id, e.worker_id, e.employer_id, p.general_contractor_id FROM enrolment_certificates c
			JOIN enrolments e ON e.project_id = c.project_id AND e.id = c.enrolment_id JOIN projects p ON p.id = c.project_id
			WHERE c.cert_no_index IN (`+placeholders(len(chunk))+`) ORDER BY c.cert_no_index, p.code, c.enrolment_id`, anys(chunk)...); err != nil {
			return nil, fmt.Errorf("store: unable to look for certificates' holders: %w", err)
		}
		for _, r := range rows {
			out[r.Index] = append(out[r.Index], ledger.CertificateHolder{ProjectCode: r.ProjectCode, EnrolmentID: r.EnrolmentID,
				WorkerID: r.WorkerID, EmployerID: r.EmployerID, GeneralContractorID: r.GC})
		}
	}
	return out, nil
}

// certificateViewColumns are a certificate's columns with its last review
// and the keyed blind index of its number (whose other holders a reader of
// the enrolment is told of: ledger.SharedWithOthers).
const certificateViewColumns = `c.project_id, c.id, c.enrolment_id, c.cert_no_enc, c.cert_no_masked, c.kind, c.valid_from, c.valid_until,
	c.recorded_at, c.recorded_by, c.extended_cycle_consent, c.cert_no_index,
	(SELECT MAX(r.reviewed_on) FROM certificate_reviews r WHERE r.project_id = c.project_id AND r.certificate_id = c.id) AS reviewed_on`

type certificateViewRow struct {
	certificateRow
	Index      string      `db:"cert_no_index"`
	ReviewedOn ledger.Date `db:"reviewed_on"`
}

// EnrolmentCertificates are the certificates of one enrolment, oldest
// first: the last is the current one. Each carries its last review and how
// many other people's certificates carry its number
// (ledger.SharedWithOthers over CertificateHolders: one statement more).
func EnrolmentCertificates(q Querier, projectID, enrolmentID string) ([]*ledger.Certificate, error) {
	var rows []certificateViewRow
	if err := q.Select(&rows, `SELECT `+certificateViewColumns+` FROM enrolment_certificates c
		WHERE c.project_id = ? AND c.enrolment_id = ? ORDER BY c.recorded_at, c.id`, projectID, enrolmentID); err != nil {
		return nil, fmt.Errorf("store: unable to read the certificates of enrolment %s: %w", enrolmentID, err)
	}
	idxs := make([]string, len(rows))
	for i, r := range rows {
		idxs[i] = r.Index
	}
	holders, err := CertificateHolders(q, idxs)
	if err != nil {
		return nil, err
	}
	out := make([]*ledger.Certificate, len(rows))
	for i, r := range rows {
		out[i] = r.certificate()
		out[i].ReviewedOn = r.ReviewedOn
		out[i].SharedWith = ledger.SharedWithOthers(holders[r.Index], enrolmentID)
	}
	return out, nil
}

// InsertCertificateReview records a review of a certificate; false when
// the certificate already has a review on that day (a retry).
func InsertCertificateReview(tx *Tx, r *ledger.CertificateReviewRecord) (bool, error) {
	r.RecordedAt = tx.Now
	res, err := tx.Exec(`INSERT INTO certificate_reviews (project_id, id, enrolment_id, certificate_id, reviewed_on, recorded_at, recorded_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, certificate_id, reviewed_on) DO NOTHING`,
		r.ProjectID, r.ID, r.EnrolmentID, r.CertificateID, r.ReviewedOn, tx.Now, r.RecordedBy)
	if err != nil {
		return false, fmt.Errorf("store: unable to record the review of certificate %s: %w", r.CertificateID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CertificateReviewRecorded reports whether a review of the certificate on
// reviewedOn is already recorded (a retry of an earlier review).
func CertificateReviewRecorded(q Querier, projectID, certificateID string, reviewedOn ledger.Date) (bool, error) {
	var n int
	if err := q.Get(&n, `SELECT COUNT(*) FROM certificate_reviews WHERE project_id = ? AND certificate_id = ? AND reviewed_on = ?`,
		projectID, certificateID, reviewedOn); err != nil {
		return false, fmt.Errorf("store: unable to read the reviews of certificate %s: %w", certificateID, err)
	}
	return n > 0, nil
}

// readSafetyFacts reads the batch's work-injury policies and the current
// certificate (the latest recorded) of each enrolment: two statements for
// the batch, each held to it by its own IN list.
func readSafetyFacts(q Querier, b *factBatch) error {
	var policies []struct {
		ProjectID  string      `db:"project_id"`
		ID         string      `db:"id"`
		ValidFrom  ledger.Date `db:"valid_from"`
		ValidUntil ledger.Date `db:"valid_until"`
	}
	in, args := b.in("project_id")
	if err := q.Select(&policies, `SELECT project_id, id, valid_from, valid_until FROM injury_policies WHERE `+in+` AND voided_at IS NULL
		ORDER BY project_id, valid_from, id`, args...); err != nil {
		return err
	}
	for _, p := range policies {
		f := b.of[p.ProjectID]
		f.Safety.Policies = append(f.Safety.Policies, ledger.InjuryPolicyFact{ID: p.ID, ValidFrom: p.ValidFrom, ValidUntil: p.ValidUntil})
	}
	var certs []struct {
		ProjectID   string      `db:"project_id"`
		ID          string      `db:"id"`
		EnrolmentID string      `db:"enrolment_id"`
		Kind        string      `db:"kind"`
		ValidFrom   ledger.Date `db:"valid_from"`
		ValidUntil  ledger.Date `db:"valid_until"`
		ReviewedOn  ledger.Date `db:"reviewed_on"`
		Consent     string      `db:"extended_cycle_consent"`
	}
	cin, cargs := b.in("c.project_id")
	// The batch pins the subquery to its shards on a Citus cluster, which
	// carries no condition on c.project_id into it (onShardsOf).
	pin, pinArgs := dialectOf(q).onShardsOf("r.project_id", b.ids)
	if err := q.Select(&certs, `SELECT c.project_id, c.id, c.enrolment_id, c.kind, c.valid_from, c.valid_until, c.extended_cycle_consent,
		(SELECT MAX(r.reviewed_on) FROM certificate_reviews r WHERE r.project_id = c.project_id AND r.certificate_id = c.id`+pin+`) AS reviewed_on
		FROM enrolment_certificates c WHERE `+cin+` ORDER BY c.project_id, c.enrolment_id, c.recorded_at, c.id`, append(pinArgs, cargs...)...); err != nil {
		return err
	}
	// Every certificate recorded, in the order recorded: the last of an
	// enrolment is its current one, the others still cover their own days.
	for _, c := range certs {
		f := b.of[c.ProjectID]
		f.Safety.Certificates = append(f.Safety.Certificates, ledger.CertificateFact{ID: c.ID, EnrolmentID: c.EnrolmentID, Kind: c.Kind,
			ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil, ReviewedOn: c.ReviewedOn, ExtendedCycle: c.Consent != ""})
	}
	for _, id := range b.ids {
		f := b.of[id]
		f.Safety.Known = true
	}
	return nil
}
