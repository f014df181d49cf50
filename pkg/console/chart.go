package console

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// chart is a grouped bar chart of owed, paid (from the wage account, and
// from a guarantee drawdown) and allocated by month, laid
// out here and drawn by the template as SVG: no script, no library, and it
// scales with the page (viewBox).
type chart struct {
	Width, Height int
	Bars          []bar
	Months        []label
	Grid          []label
	Empty         bool
}

type bar struct {
	X, Y, W, H int
	Series     string // owed, paid or allocated: the CSS class and the legend's key
	Amount     ledger.Money
	Period     string
}

type label struct {
	X, Y int
	Text string
}

const (
	chartW, chartH         = 640, 240
	chartLeft, chartBottom = 84, 28
	chartTop               = 12
)

func monthChart(months []store.MonthFigures) chart {
	c := chart{Width: chartW, Height: chartH}
	var top ledger.Money
	for _, m := range months {
		top = max(top, m.Owed, m.Paid, m.PaidByGuarantee, m.Allocated)
	}
	if top <= 0 || len(months) == 0 {
		c.Empty = true
		return c
	}
	top = niceCeiling(top)
	plotH := chartH - chartBottom - chartTop
	slot := (chartW - chartLeft) / len(months)
	barW := max(slot/5, 2)
	for i := 0; i <= 4; i++ {
		v := top * ledger.Money(i) / 4
		c.Grid = append(c.Grid, label{X: chartLeft - 6, Y: chartTop + plotH - int(int64(plotH)*int64(v)/int64(top)), Text: money(v - v%100)})
	}
	for i, m := range months {
		x0 := chartLeft + i*slot + (slot-4*barW)/2
		for j, s := range []struct {
			name string
			v    ledger.Money
		}{{"owed", m.Owed}, {"paid", m.Paid}, {"guarantee", m.PaidByGuarantee}, {"allocated", m.Allocated}} {
			h := int(int64(plotH) * int64(max(s.v, 0)) / int64(top))
			c.Bars = append(c.Bars, bar{X: x0 + j*barW, Y: chartTop + plotH - h, W: barW - 1, H: h, Series: s.name, Amount: s.v, Period: m.Period.String()})
		}
		c.Months = append(c.Months, label{X: chartLeft + i*slot + slot/2, Y: chartH - 8, Text: m.Period.String()})
	}
	return c
}

// niceCeiling rounds an amount up to 1, 2 or 5 times a power of ten yuan.
func niceCeiling(m ledger.Money) ledger.Money {
	step := ledger.Money(100) // one yuan
	for {
		for _, f := range []ledger.Money{1, 2, 5} {
			if f*step >= m {
				return f * step
			}
		}
		step *= 10
	}
}
