package console

import (
	"strconv"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// The statistics page's charts, laid out here and drawn by the template as
// SVG like the project page's (chart.go): a population pyramid, ranked
// horizontal bars, and wages paid and still owed by month.

// hbars is a ranked horizontal bar chart: one row a group.
type hbars struct {
	Width, Height int
	Rows          []hbarRow
	Empty         bool
}

type hbarRow struct {
	Y, W   int
	Label  string
	Value  string // the count, or * when hidden
	Hidden bool
}

const (
	hbarW, hbarRowH = 640, 22
	hbarLeft        = 150
	hbarMax         = 15 // rows shown: the largest groups
)

// rankedBars draws the registered counts of a grouping's rows, largest
// first (the rows come ranked); a hidden count gets no bar.
func rankedBars(rows []ledger.WorkforceRow) hbars {
	c := hbars{Width: hbarW}
	top := 0
	for _, r := range rows {
		if !r.Hidden[ledger.CountRegistered] {
			top = max(top, r.Counts[ledger.CountRegistered])
		}
	}
	for i, r := range rows[:min(len(rows), hbarMax)] {
		row := hbarRow{Y: i * hbarRowH, Label: r.Label, Hidden: r.Hidden[ledger.CountRegistered], Value: "*"}
		if !row.Hidden {
			row.Value = strconv.Itoa(r.Counts[ledger.CountRegistered])
			if top > 0 {
				row.W = (hbarW - hbarLeft - 60) * r.Counts[ledger.CountRegistered] / top
			}
		}
		c.Rows = append(c.Rows, row)
	}
	c.Height, c.Empty = len(c.Rows)*hbarRowH+4, len(c.Rows) == 0
	return c
}

// pyramid is the age-and-sex chart: men to the left of the middle, women
// to the right, the youngest band at the bottom.
type pyramid struct {
	Width, Height, Mid int
	Rows               []pyramidRow
	Empty              bool
}

type pyramidRow struct {
	Y                  int
	Label              string
	MenX, MenW, WomenW int
	Men, Women         string
}

const pyrW, pyrRowH, pyrLabel = 640, 24, 90

func pyramidChart(rows []ledger.PyramidRow) pyramid {
	c := pyramid{Width: pyrW, Mid: pyrW / 2}
	top := 0
	for _, r := range rows {
		if !r.MenHidden {
			top = max(top, r.Men)
		}
		if !r.WomenHidden {
			top = max(top, r.Women)
		}
	}
	half := pyrW/2 - pyrLabel/2 - 40
	for i := range rows {
		r := rows[len(rows)-1-i] // oldest at the top
		row := pyramidRow{Y: i * pyrRowH, Label: r.Label, Men: "*", Women: "*"}
		if !r.MenHidden {
			row.Men = strconv.Itoa(r.Men)
			if top > 0 {
				row.MenW = half * r.Men / top
			}
		}
		if !r.WomenHidden {
			row.Women = strconv.Itoa(r.Women)
			if top > 0 {
				row.WomenW = half * r.Women / top
			}
		}
		row.MenX = c.Mid - pyrLabel/2 - row.MenW
		c.Rows = append(c.Rows, row)
	}
	c.Height, c.Empty = len(c.Rows)*pyrRowH+4, len(c.Rows) == 0
	return c
}

// wagesChart is paid vs still owed by month: the project page's month
// chart, with what was paid and what is still owed of each month's wages.
func wagesChart(months []store.WorkforceMonth) chart {
	figures := make([]store.MonthFigures, len(months))
	for i, m := range months {
		figures[i] = store.MonthFigures{Period: m.Period, Owed: m.Owed, Paid: max(m.Due-m.Owed, 0)}
	}
	return monthChart(figures)
}
