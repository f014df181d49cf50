package service

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// WagesOwedBy is wagesOwedBy, for the test that holds it to
// store.WagesOwedByContractor.
var WagesOwedBy = wagesOwedBy

// NightContractorRecord is the contractor record the night sizes project p
// on: its contractors loaded as a night loads them (contractors.load over
// every project in the database), then read from what was loaded.
func NightContractorRecord(s *Service, q store.Querier, p *ledger.Project, today ledger.Date) (ledger.ContractorRecord, error) {
	all, err := store.CheckProjects(q, ledger.NewDate(9999, 12, 31))
	if err != nil {
		return ledger.ContractorRecord{}, err
	}
	memo := newContractors()
	memo.sizedUnder = []*ledger.Policy{s.policy()}
	if err := memo.load(q, []*ledger.Project{p}, all, ledger.Date{}, nil); err != nil {
		return ledger.ContractorRecord{}, err
	}
	return s.contractorRecord(q, p, today, memo)
}

// OwnContractorRecord is the record read for p alone, by the contractor's
// own statements (as GET /projects/{id}/guarantee sizes it).
func OwnContractorRecord(s *Service, q store.Querier, p *ledger.Project, today ledger.Date) (ledger.ContractorRecord, error) {
	return s.contractorRecord(q, p, today, nil)
}

// FailNight makes s fail the check of the nights fail returns an error for.
func FailNight(s *Service, fail func(ledger.Date) error) { s.failNight = fail }

// BatchError is batchError, for its table test.
var BatchError = batchError

// DuringBatch has s call during as each batch of the nightly check starts,
// and what it returns as the batch ends.
func DuringBatch(s *Service, during func() (done func())) { s.duringBatch = during }
