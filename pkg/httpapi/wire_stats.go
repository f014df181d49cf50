package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/statsfile"
)

// WorkforceStats answers GET /stats/workforce: a month's workforce in the
// caller's scope, as totals and one table per grouping. A null count or
// amount is hidden (a general contractor's view of a group under five).
type WorkforceStats struct {
	Period               ledger.Period   `json:"period"`
	AsOf                 ledger.Date     `json:"as_of"`
	Region               string          `json:"region"`
	Projects             int             `json:"projects"`
	Suppressed           bool            `json:"suppressed"`
	InjuryInsuranceKnown bool            `json:"injury_insurance_known"`
	Total                StatsRow        `json:"total"`
	Groupings            []StatsGrouping `json:"groupings"`
	Months               []StatsMonth    `json:"months"`
}

// StatsGrouping is one grouping's rows and total.
type StatsGrouping struct {
	GroupBy string     `json:"group_by"`
	Rows    []StatsRow `json:"rows"`
	Total   StatsRow   `json:"total"`
}

// StatsRow is one group's counts and the month's wages.
type StatsRow struct {
	Key                 string        `json:"key"`
	Label               string        `json:"label"`
	Registered          *int          `json:"registered"`
	OnSite              *int          `json:"on_site"`
	Paid                *int          `json:"paid"`
	Entries             *int          `json:"entries"`
	Exits               *int          `json:"exits"`
	LabourContracts     *int          `json:"labour_contracts"`
	WrittenAgreements   *int          `json:"written_agreements"`
	LabourContractShare *string       `json:"labour_contract_share"`
	InjuryInsured       *int          `json:"injury_insured"` // null until projects record work-injury policies
	WagesDue            *ledger.Money `json:"wages_due"`
	WagesPaid           *ledger.Money `json:"wages_paid"`
	WagesOwed           *ledger.Money `json:"wages_owed"`
	WagesOverdue        *ledger.Money `json:"wages_overdue"`
}

// StatsMonth is one month's wages due and still owed.
type StatsMonth struct {
	Period ledger.Period `json:"period"`
	Due    *ledger.Money `json:"due"`
	Owed   *ledger.Money `json:"owed"`
}

func statsCount(r *ledger.WorkforceRow, m ledger.StatsCount) *int {
	if r.Hidden[m] {
		return nil
	}
	v := r.Counts[m]
	return &v
}

func statsMoney(r *ledger.WorkforceRow, v ledger.Money) *ledger.Money {
	if r.MoneyHidden {
		return nil
	}
	return &v
}

func statsRowOf(r *ledger.WorkforceRow, insurance bool) StatsRow {
	out := StatsRow{Key: r.Key, Label: r.Label, Registered: statsCount(r, ledger.CountRegistered), OnSite: statsCount(r, ledger.CountOnSite),
		Paid: statsCount(r, ledger.CountPaid), Entries: statsCount(r, ledger.CountEntries), Exits: statsCount(r, ledger.CountExits),
		LabourContracts: statsCount(r, ledger.CountLabourContracts), WrittenAgreements: statsCount(r, ledger.CountWrittenAgreements),
		WagesDue: statsMoney(r, r.Money.Due), WagesPaid: statsMoney(r, r.Money.Paid), WagesOwed: statsMoney(r, r.Money.Owed),
		WagesOverdue: statsMoney(r, r.Money.Overdue)}
	if share := statsfile.ContractShare(r); share != "" {
		out.LabourContractShare = &share
	}
	if insurance {
		out.InjuryInsured = statsCount(r, ledger.CountInjuryInsured)
	}
	return out
}

func workforceStatsOf(r *service.WorkforceStats) WorkforceStats {
	out := WorkforceStats{Period: r.Period, AsOf: r.AsOf, Region: r.RegionCode, Projects: r.Projects, Suppressed: r.Suppressed,
		InjuryInsuranceKnown: r.InjuryInsuranceKnown, Total: statsRowOf(&r.Total, r.InjuryInsuranceKnown), Groupings: []StatsGrouping{},
		Months: []StatsMonth{}}
	for _, t := range r.Tables {
		g := StatsGrouping{GroupBy: string(t.Grouping), Rows: []StatsRow{}, Total: statsRowOf(&t.Total, r.InjuryInsuranceKnown)}
		for i := range t.Rows {
			g.Rows = append(g.Rows, statsRowOf(&t.Rows[i], r.InjuryInsuranceKnown))
		}
		out.Groupings = append(out.Groupings, g)
	}
	for _, m := range r.Months {
		sm := StatsMonth{Period: m.Period}
		if !r.MonthsHidden {
			due, owed := m.Due, m.Owed
			sm.Due, sm.Owed = &due, &owed
		}
		out.Months = append(out.Months, sm)
	}
	return out
}
