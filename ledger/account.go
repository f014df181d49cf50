package ledger

import "strings"

// AccountKind is the type of a ledger account. Accounts are per project and
// found by (project, kind, ref); see DESIGN.md, "The books".
type AccountKind string

const (
	// WageAccount is the project's dedicated bank account (农民工工资专用账户).
	WageAccount AccountKind = "wage_account"
	// OwnerFunding is the counter-side of the owner's labour-cost allocations.
	OwnerFunding AccountKind = "owner_funding"
	// WagesPayable/<enrolment> is what one worker on the project is owed.
	WagesPayable AccountKind = "wages_payable"
	// LabourCost/<employer> is the counter-side of approved payroll.
	LabourCost AccountKind = "labour_cost"
	// Guarantee/<guarantee> is cash held as the contractor's wage guarantee.
	Guarantee AccountKind = "guarantee"
	// GuaranteeFunding is the counter-side of cash lodged as a guarantee:
	// what the project holds for its general contractor.
	GuaranteeFunding AccountKind = "guarantee_funding"
	// GuaranteeClaims/<guarantee> is what the general contractor owes the
	// issuer of a letter or policy for the wages the issuer paid on it.
	GuaranteeClaims AccountKind = "guarantee_claims"
	// Advances/<subcontractor> is what the general contractor paid the
	// subcontractor's workers in its stead (先行清偿, REG Art. 30): what the
	// subcontractor owes the general contractor. Its counter-side is the
	// general contractor's labour_cost, which the advance makes grow.
	Advances AccountKind = "advances"
)

// AccountKinds lists every kind, for validation and documentation.
var AccountKinds = []AccountKind{WageAccount, OwnerFunding, WagesPayable, LabourCost, Guarantee, GuaranteeFunding, GuaranteeClaims, Advances}

// needsRef reports whether accounts of this kind are one per referenced thing
// (worker enrolment, employer, guarantee) rather than one per project.
func (k AccountKind) needsRef() bool {
	return k == WagesPayable || k == LabourCost || k == Guarantee || k == GuaranteeClaims || k == Advances
}

// Valid reports whether k is a known kind.
func (k AccountKind) Valid() bool {
	for _, v := range AccountKinds {
		if k == v {
			return true
		}
	}
	return false
}

// DebitNormal reports whether the account's balance grows with debits. Postings
// are signed debit-positive; assets and costs grow with debits, liabilities and
// funding with credits.
func (k AccountKind) DebitNormal() bool {
	return k == WageAccount || k == LabourCost || k == Guarantee
}

// Natural turns a debit-positive balance into the balance as people read it:
// what the wage account holds, what a worker is owed, positive in both cases.
func (k AccountKind) Natural(debitBalance Money) Money {
	if k.DebitNormal() {
		return debitBalance
	}
	return -debitBalance
}

// Account names one account of one project.
type Account struct {
	ProjectID string      `json:"project_id"`
	Kind      AccountKind `json:"kind"`
	Ref       string      `json:"ref,omitempty"`
}

// String is "wages_payable/enr_…" or "wage_account".
func (a Account) String() string {
	if a.Ref == "" {
		return string(a.Kind)
	}
	return string(a.Kind) + "/" + a.Ref
}

// ParseAccount reads "kind" or "kind/ref" for project.
func ParseAccount(projectID, s string) (Account, error) {
	kind, ref, _ := strings.Cut(s, "/")
	a := Account{ProjectID: projectID, Kind: AccountKind(kind), Ref: ref}
	return a, a.Validate()
}

// Validate checks the kind is known and the ref is present exactly when the
// kind is per-thing.
func (a Account) Validate() error {
	switch {
	case a.ProjectID == "":
		return Errorf(EInvalid, "account %s has no project", a)
	case !a.Kind.Valid():
		return Errorf(EInvalid, "account kind %q is unknown", clip(string(a.Kind)))
	case a.Kind.needsRef() && a.Ref == "":
		return Errorf(EInvalid, "account %s needs a reference (%s/<id>)", a.Kind, a.Kind)
	case !a.Kind.needsRef() && a.Ref != "":
		return Errorf(EInvalid, "account %s is one per project and takes no reference", a.Kind)
	}
	return nil
}
