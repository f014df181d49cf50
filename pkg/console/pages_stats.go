package console

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/statsfile"
)

// statsReaders: the statistics are for inspectors (their region),
// administrators and contractors (their own projects); not banks.
func statsReaders(c service.Caller) bool { return c.Role != ledger.RoleBank }

type statsData struct {
	Stats      *service.WorkforceStats
	Region     string
	Period     string
	Download   string // the XLSX link, with the filters
	Pyramid    pyramid
	Origins    hbars
	Trades     hbars
	Wages      chart
	Share      string
	Tables     []statsTable
	Insurance  bool
	Suppressed bool
}

type statsTable struct {
	Grouping string
	Rows     []ledger.WorkforceRow
	Total    ledger.WorkforceRow
}

// statsQuery reads the page's filters: the region (within the caller's
// scope; the service refuses one outside it) and the month, this month
// when not given.
func (c *Console) statsQuery(q *req) (service.WorkforceStatsQuery, error) {
	qs := q.r.URL.Query()
	out := service.WorkforceStatsQuery{RegionCode: strings.TrimSpace(qs.Get("region")), Period: ledger.DateOf(c.svc.DB.Now()).Period(),
		Groupings: ledger.StatsGroupings}
	if p := strings.TrimSpace(qs.Get("period")); p != "" {
		period, err := ledger.ParsePeriod(p)
		if err != nil {
			return out, err
		}
		out.Period = period
	}
	return out, nil
}

// readStats reads the figures the page's filters ask for.
func (c *Console) readStats(q *req) (service.WorkforceStatsQuery, *service.WorkforceStats, error) {
	sq, err := c.statsQuery(q)
	if err != nil {
		return sq, nil, err
	}
	r, err := c.svc.WorkforceStats(q.ctx, sq)
	return sq, r, err
}

// statsPage shows a month's workforce: the pyramid, origins by province,
// trades, wages paid and owed by month, and every grouping's table.
func (c *Console) statsPage(q *req) error {
	sq, r, err := c.readStats(q)
	if err != nil {
		return err
	}
	link := url.Values{"period": {r.Period.String()}}
	if sq.RegionCode != "" {
		link.Set("region", sq.RegionCode)
	}
	d := statsData{Stats: r, Region: sq.RegionCode, Period: r.Period.String(), Download: "/console/stats/workforce.xlsx?" + link.Encode(),
		Pyramid: pyramidChart(r.Pyramid), Wages: wagesChart(r.Months), Share: statsfile.ContractShare(&r.Total),
		Insurance: r.InjuryInsuranceKnown, Suppressed: r.Suppressed}
	if r.MonthsHidden {
		d.Wages = chart{Empty: true}
	}
	for _, t := range r.Tables {
		switch t.Grouping {
		case ledger.GroupOriginProvince:
			d.Origins = rankedBars(t.Rows)
		case ledger.GroupTrade:
			d.Trades = rankedBars(t.Rows)
		}
		d.Tables = append(d.Tables, statsTable{Grouping: string(t.Grouping), Rows: t.Rows, Total: t.Total})
	}
	c.render(q, http.StatusOK, "stats", "console.stats.title", &view{Nav: "stats", Data: d})
	return nil
}

// statsDownload answers the page's figures as the XLSX workbook the API
// and `wageguard report` write.
func (c *Console) statsDownload(q *req) error {
	sq, r, err := c.readStats(q)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := statsfile.WriteXLSX(&b, r); err != nil {
		return err
	}
	name := "workforce-" + r.Period.String()
	if sq.RegionCode != "" {
		name += "-" + sq.RegionCode
	}
	h := q.w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	_, err = q.w.Write(b.Bytes())
	return err
}

func statCount(r ledger.WorkforceRow, m int) string {
	if m < 0 || m >= int(ledger.NumStatsCounts) {
		return ""
	}
	if r.Hidden[m] {
		return statsfile.HiddenMark
	}
	return strconv.Itoa(r.Counts[m])
}

// statMoney is one of a row's amounts: due, paid, owed or overdue.
func statMoney(r ledger.WorkforceRow, which string) string {
	if r.MoneyHidden {
		return statsfile.HiddenMark
	}
	switch which {
	case "due":
		return money(r.Money.Due)
	case "paid":
		return money(r.Money.Paid)
	case "owed":
		return money(r.Money.Owed)
	case "overdue":
		return money(r.Money.Overdue)
	}
	return ""
}
