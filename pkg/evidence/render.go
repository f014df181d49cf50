package evidence

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// DefaultFont is the TrueType font with Chinese glyphs the PDF embeds
// (Debian's fonts-droid-fallback): the usual CJK collections (.ttc, CFF
// outlines) are not loadable by Go PDF libraries.
const DefaultFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

func zh(key string, args ...any) string { return i18n.T(i18n.ZH, key, args...) }

func dateText(d ledger.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.String()
}

// payment is a payment status in words.
func payment(status string) string {
	if k := "worker.payment." + status; i18n.Has(k) {
		return zh(k)
	}
	return status
}

// answer is a worker's answer to a line in words.
func answer(state, reason string) string {
	if state == string(ledger.LineDisputed) {
		return zh("worker.state.disputed", reason)
	}
	return zh("worker.state." + state)
}

type pdfDoc struct {
	*fpdf.Fpdf
}

func (p pdfDoc) heading(s string) {
	p.Ln(3)
	p.SetFont("cjk", "", 12)
	p.CellFormat(0, 8, s, "", 1, "L", false, 0, "")
	p.SetFont("cjk", "", 8.5)
}

// table draws a header row and rows, columns of widths (mm).
func (p pdfDoc) table(widths []float64, header []string, rows [][]string) {
	row := func(cells []string, fill bool) {
		if p.GetY() > 275 {
			p.AddPage()
		}
		for i, c := range cells {
			p.CellFormat(widths[i], 6, c, "1", 0, "L", fill, 0, "")
		}
		p.Ln(-1)
	}
	p.SetFillColor(235, 235, 235)
	row(header, true)
	for _, r := range rows {
		row(r, false)
	}
	if len(rows) == 0 {
		p.CellFormat(0, 6, zh("evidence.none"), "", 1, "L", false, 0, "")
	}
}

// renderPDF writes the statement in Chinese.
func renderPDF(st Statement, heads []Head, font []byte) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(st.GeneratedAt.UTC())
	f.SetModificationDate(st.GeneratedAt.UTC())
	f.SetTitle(zh("evidence.title"), true)
	f.AddUTF8FontFromBytes("cjk", "", font)
	f.SetMargins(12, 12, 12)
	f.SetAutoPageBreak(true, 12)
	f.AddPage()
	p := pdfDoc{f}
	p.SetFont("cjk", "", 15)
	p.CellFormat(0, 10, zh("evidence.title"), "", 1, "C", false, 0, "")
	p.SetFont("cjk", "", 8.5)
	p.CellFormat(0, 6, zh("evidence.span", st.From, st.To, st.GeneratedAt.In(ledger.Shanghai).Format("2006-01-02 15:04:05")), "", 1, "C", false, 0, "")
	w := st.Worker
	p.heading(zh("evidence.section.who"))
	p.table([]float64{40, 146}, []string{zh("evidence.item"), zh("evidence.value")}, [][]string{
		{zh("worker.project"), st.Project.Name + " (" + st.Project.Code + ")"},
		{zh("worker.employer"), st.Employer},
		{zh("worker.name"), w.Name},
		{zh("worker.id_number"), w.IDNumber},
		{zh("evidence.trade"), w.Trade + " / " + w.Team},
		{zh("evidence.contract"), label("evidence.contract_kind.", w.ContractKind) + " " + dateText(w.ContractSignedOn)},
		{zh("evidence.entered"), dateText(w.EnteredOn) + " — " + dateText(w.ExitedOn)},
	})
	p.heading(zh("evidence.section.attendance", len(st.Attendance)))
	var days [][]string
	for i := 0; i < len(st.Attendance); i += 4 {
		var r []string
		for j := i; j < i+4; j++ {
			if j < len(st.Attendance) {
				r = append(r, st.Attendance[j].Date.String(), st.Attendance[j].Hours)
			} else {
				r = append(r, "", "")
			}
		}
		days = append(days, r)
	}
	dh := []string{zh("worker.settled_on"), zh("worker.hours")}
	p.table([]float64{27, 19.5, 27, 19.5, 27, 19.5, 27, 19.5}, append(append(append(append([]string{}, dh...), dh...), dh...), dh...), days)
	renderMoney(p, st)
	p.heading(zh("evidence.section.alerts"))
	p.table([]float64{40, 18, 18, 30, 24, 24, 32}, []string{zh("evidence.rule"), zh("worker.period"), zh("evidence.severity"), zh("evidence.status"),
		zh("worker.amount"), zh("evidence.deadline"), zh("evidence.id")}, mapRows(st.Alerts, func(a Alert) []string {
		return []string{label("console.rule.", a.Rule), a.Period, label("console.severity.", a.Severity), label("console.status.", a.Status), a.Amount.String(), dateText(a.Deadline), a.ID}
	}))
	p.heading(zh("evidence.section.orders"))
	p.table([]float64{36, 18, 22, 22, 22, 22, 44}, []string{zh("evidence.id"), zh("evidence.status"), zh("evidence.issued"), zh("evidence.deadline"),
		zh("worker.amount"), zh("evidence.unpaid"), zh("evidence.decisions")}, mapRows(st.Orders, func(o Order) []string {
		return []string{o.ID, resolution(o.Status), dateText(o.IssuedOn), dateText(o.Deadline), o.Amount.String(), o.Unpaid.String(), decisions(o)}
	}))
	p.heading(zh("evidence.section.complaints"))
	p.table([]float64{40, 22, 28, 28, 28, 40}, []string{zh("evidence.id"), zh("evidence.status"), zh("evidence.received"), zh("evidence.accept_by"),
		zh("evidence.conclude_by"), zh("evidence.note")}, mapRows(st.Complaints, func(c Complaint) []string {
		return []string{c.ID, label("console.cmp_status.", c.Status), dateText(c.ReceivedOn), dateText(c.AcceptBy), dateText(c.ConcludeBy), c.Note}
	}))
	p.heading(zh("evidence.section.audit"))
	p.table([]float64{40, 20, 126}, []string{zh("evidence.chain"), zh("evidence.seq"), "SHA-256"}, mapRows(heads, func(h Head) []string {
		seq := "" // none in a bundle made for the employer's side
		if h.Seq > 0 {
			seq = strconv.FormatInt(h.Seq, 10)
		}
		return []string{h.Chain, seq, h.Hash}
	}))
	p.Ln(2)
	p.MultiCell(0, 5, zh("evidence.footer"), "", "L", false)
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("evidence: the PDF: %w", err)
	}
	return b.Bytes(), nil
}

// label is a code's Chinese name from the catalogue (prefix+code), the
// code itself when the catalogue has none: the statement is read by an
// arbitrator, in Chinese, not by a program (the CSV keeps the codes).
func label(prefix, code string) string {
	if code != "" && i18n.Has(prefix+code) {
		return zh(prefix + code)
	}
	return code
}

// renderMoney draws the months, the payroll lines and the bank's facts.
func renderMoney(p pdfDoc, st Statement) {
	p.heading(zh("evidence.section.months"))
	p.table([]float64{30, 36, 40, 40, 40}, []string{zh("worker.period"), zh("worker.due"), zh("worker.owed"), zh("worker.paid"), zh("worker.unpaid")},
		mapRows(st.Months, func(m Month) []string {
			return []string{m.Period.String(), dateText(m.DueOn), m.Owed.String(), m.Paid.String(), m.Unpaid.String()}
		}))
	p.heading(zh("evidence.section.lines"))
	p.table([]float64{16, 34, 9, 16, 20, 20, 20, 20, 31}, []string{zh("worker.period"), zh("worker.payroll"), "#", zh("worker.days"), zh("worker.gross"),
		zh("worker.deductions"), zh("worker.net"), zh("worker.paid"), zh("worker.answer")}, mapRows(st.Lines, func(l Line) []string {
		return []string{l.Period.String(), l.PayrollID, strconv.Itoa(l.LineNo), l.DaysWorked, l.Gross.String(), l.Deductions.String(), l.Net.String(),
			l.Paid.String(), answer(l.Answer, l.AnswerReason)}
	}))
	renderGrants(p, st.Lines)
	p.heading(zh("evidence.section.bank"))
	p.table([]float64{16, 24, 30, 24, 52, 40}, []string{zh("worker.period"), zh("worker.settled_on"), zh("worker.payment_status"), zh("worker.amount"),
		zh("worker.bank_ref"), zh("evidence.id")}, mapRows(st.Payments, func(pay Payment) []string {
		status := payment(pay.Status)
		if pay.FromGuarantee {
			status += " (" + zh("worker.from_guarantee") + ")"
		}
		return []string{pay.Period.String(), dateText(pay.SettledOn), status, pay.Amount.String(), pay.BankRef, pay.InstructionID}
	}))
}

// renderGrants draws, in the inspectors' statement (lines with Grants),
// what each line's answers count as and what was said through each link.
func renderGrants(p pdfDoc, lines []Line) {
	var rows [][]string
	for _, l := range lines {
		if g := l.Grants; g != nil {
			standing, direct := answer(l.Answer, l.AnswerReason), zh("evidence.grant.none")
			if l.EmployerCopy {
				standing = zh("evidence.employer_copy")
			}
			if g.DirectLink {
				direct = answer(g.Direct, g.DirectReason)
			}
			rows = append(rows, []string{l.Period.String(), l.PayrollID, strconv.Itoa(l.LineNo), standing, answer(g.Printed, g.PrintedReason), direct})
		}
	}
	if rows == nil {
		return
	}
	p.heading(zh("evidence.section.grants"))
	p.table([]float64{16, 34, 9, 45, 41, 41}, []string{zh("worker.period"), zh("worker.payroll"), "#", zh("evidence.standing"),
		zh("evidence.grant.printed"), zh("evidence.grant.direct")}, rows)
}

func mapRows[T any](items []T, to func(T) []string) [][]string {
	out := make([][]string, len(items))
	for i, it := range items {
		out[i] = to(it)
	}
	return out
}

// renderCSV writes the same facts as CSV, one fact a row, for a spreadsheet:
// UTF-8 with a BOM, every cell neutralised against formulas.
func renderCSV(st Statement) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	rows := [][]string{{"section", "period", "date", "ref", "item", "amount", "status", "note"}}
	add := func(r ...string) { rows = append(rows, r) }
	wk := st.Worker
	add("worker", "", dateText(wk.EnteredOn), wk.EnrolmentID, wk.Name+" "+wk.IDNumber, "", wk.Trade, st.Project.Name+" / "+st.Employer)
	for _, d := range st.Attendance {
		add("attendance", d.Date.Period().String(), d.Date.String(), "", "hours", d.Hours, "", "")
	}
	for _, m := range st.Months {
		add("month", m.Period.String(), dateText(m.DueOn), "", "owed", m.Owed.String(), "", "")
		add("month", m.Period.String(), dateText(m.DueOn), "", "paid", m.Paid.String(), "", "")
		add("month", m.Period.String(), dateText(m.DueOn), "", "unpaid", m.Unpaid.String(), "", "")
	}
	for _, l := range st.Lines {
		ref := l.PayrollID + "#" + strconv.Itoa(l.LineNo)
		add("payroll_line", l.Period.String(), "", ref, "days_worked", l.DaysWorked, l.PayrollStatus, "")
		add("payroll_line", l.Period.String(), "", ref, "gross_pay", l.Gross.String(), l.PayrollStatus, "")
		add("payroll_line", l.Period.String(), "", ref, "deductions", l.Deductions.String(), l.PayrollStatus, "")
		note := l.Answer + " " + l.AnswerReason
		if l.EmployerCopy {
			note = l.Answer + " employer_copy"
		}
		add("payroll_line", l.Period.String(), "", ref, "net_pay", l.Net.String(), l.PaymentStatus, note)
		if g := l.Grants; g != nil {
			direct := "none"
			if g.DirectLink {
				direct = g.Direct
			}
			add("payroll_line", l.Period.String(), "", ref, "answer_printed_link", "", g.Printed, g.PrintedReason)
			add("payroll_line", l.Period.String(), "", ref, "answer_own_link", "", direct, g.DirectReason)
		}
	}
	for _, pay := range st.Payments {
		add("bank", pay.Period.String(), dateText(pay.SettledOn), pay.InstructionID, pay.BankRef, pay.Amount.String(), pay.Status, pay.Reason)
	}
	for _, a := range st.Alerts {
		add("alert", a.Period, dateText(a.Deadline), a.ID, a.Rule, a.Amount.String(), a.Status, resolution(a.Resolution))
	}
	for _, o := range st.Orders {
		add("order", "", dateText(o.Deadline), o.ID, "issued "+dateText(o.IssuedOn), o.Amount.String(), resolution(o.Status), decisions(o))
	}
	for _, c := range st.Complaints {
		add("complaint", "", dateText(c.ReceivedOn), c.ID, "accept_by "+dateText(c.AcceptBy), "", c.Status, c.Note)
	}
	for _, r := range rows {
		if err := w.Write(ledger.NeutraliseCells(r)); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// decisions are the decisions after an order lapsed, in Chinese.
func decisions(o Order) string {
	said := make([]string, len(o.Decisions))
	for i, d := range o.Decisions {
		said[i] = resolution(d)
	}
	return strings.Join(said, "；")
}

// resolution is a message in Chinese (why an alert was resolved, an
// order's status); "" for none.
func resolution(m ledger.Msg) string {
	if m.Key == "" {
		return ""
	}
	return i18n.Of(i18n.ZH, m)
}
