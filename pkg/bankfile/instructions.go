// Package bankfile writes the payment-instruction file a bank executes and
// reads it back; the format is documented in schemas/bank-instruction-file.md.
package bankfile

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// Batch is one payroll's instructions to the bank, with the control record
// (count and total) the bank checks before it pays, as wage-protection files do.
type Batch struct {
	Ref          string // the payroll ID: the bank's batch reference
	ProjectCode  string
	PayerAccount string        // the project's wage account
	PayerName    string        // the general contractor that holds it
	Period       ledger.Period // the wage month
	ValueDate    ledger.Date   // the pay day the bank should pay on
	Lines        []Line
}

// Line is one payment: net pay into the worker's own card or account.
type Line struct {
	Seq              int
	Ref              string // the instruction ID, which the bank's confirmation quotes
	PayeeAccount     string
	PayeeAccountKind ledger.BankAccountKind // card, or account (a Type II account or passbook)
	PayeeName        string
	Amount           ledger.Money
}

// Total sums the batch's amounts.
func (b *Batch) Total() ledger.Money {
	var t ledger.Money
	for _, l := range b.Lines {
		t += l.Amount
	}
	return t
}

const (
	recordControl = "H"
	recordDetail  = "D"
)

// detailHeader names the detail columns. payee_account_kind came last, after
// memo, so that a reader of the first seven columns by position still works.
var detailHeader = []string{"record", "seq", "line_ref", "payee_account", "payee_name", "amount", "memo", "payee_account_kind"}

// utf8BOM starts the file: a clerk who opens it in Excel on a Chinese
// Windows sees the names instead of GBK mojibake; banks' programs skip it.
const utf8BOM = "\ufeff"

// Write writes the batch: a UTF-8 byte order mark, the control record, a
// header naming the detail columns, and one detail record per line, UTF-8
// CSV with CRLF line ends. Every cell is neutralised against formula
// injection (ledger.NeutraliseCell: a contractor named "=HYPERLINK(…)"
// went into the one file that carries full card numbers as a formula);
// card and account numbers are digits, so they stay plain digits (no
// apostrophe or quoting trick): banks read the file by program.
func Write(w io.Writer, b *Batch) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("bankfile: unable to write instructions: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	records := [][]string{
		{recordControl, b.Ref, b.ProjectCode, b.PayerAccount, b.PayerName, "CNY", "代发工资", b.Period.String(), b.ValueDate.String(),
			strconv.Itoa(len(b.Lines)), b.Total().String()},
		detailHeader,
	}
	for _, l := range b.Lines {
		kind := l.PayeeAccountKind
		if kind == "" {
			kind = ledger.PaidToCard
		}
		records = append(records, []string{recordDetail, strconv.Itoa(l.Seq), l.Ref, l.PayeeAccount, l.PayeeName, l.Amount.String(), b.Period.String() + " 工资", string(kind)})
	}
	for _, rec := range records {
		ledger.NeutraliseCells(rec)
	}
	if err := cw.WriteAll(records); err != nil {
		return fmt.Errorf("bankfile: unable to write instructions: %w", err)
	}
	return nil
}

// Read parses an instruction file and checks its control record against its
// lines, as a bank would before paying.
func Read(r io.Reader) (*Batch, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(len(utf8BOM)); string(head) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("bankfile: %w", err)
	}
	if len(recs) < 2 || len(recs[0]) != 11 || recs[0][0] != recordControl {
		return nil, fmt.Errorf("bankfile: line 1 is not a control record")
	}
	h := recs[0]
	b := &Batch{Ref: h[1], ProjectCode: h[2], PayerAccount: h[3], PayerName: h[4]}
	if b.Period, err = ledger.ParsePeriod(h[7]); err != nil {
		return nil, fmt.Errorf("bankfile: control record: %w", err)
	}
	if b.ValueDate, err = ledger.ParseDate(h[8]); err != nil {
		return nil, fmt.Errorf("bankfile: control record: %w", err)
	}
	count, err := strconv.Atoi(h[9])
	if err != nil {
		return nil, fmt.Errorf("bankfile: control record: bad line count %q", h[9])
	}
	total, err := ledger.ParseMoney(h[10])
	if err != nil {
		return nil, fmt.Errorf("bankfile: control record: %w", err)
	}
	if strings.Join(recs[1], ",") != strings.Join(detailHeader, ",") {
		return nil, fmt.Errorf("bankfile: line 2 is not the detail header")
	}
	for i, rec := range recs[2:] {
		if len(rec) != len(detailHeader) || rec[0] != recordDetail {
			return nil, fmt.Errorf("bankfile: line %d is not a detail record", i+3)
		}
		seq, err := strconv.Atoi(rec[1])
		if err != nil {
			return nil, fmt.Errorf("bankfile: line %d: bad seq", i+3)
		}
		amt, err := ledger.ParseMoney(rec[5])
		if err != nil {
			return nil, fmt.Errorf("bankfile: line %d: %w", i+3, err)
		}
		kind := ledger.BankAccountKind(rec[7])
		if kind != ledger.PaidToCard && kind != ledger.PaidToAccount {
			return nil, fmt.Errorf("bankfile: line %d: payee_account_kind %q is neither card nor account", i+3, rec[7])
		}
		b.Lines = append(b.Lines, Line{Seq: seq, Ref: rec[2], PayeeAccount: rec[3], PayeeAccountKind: kind, PayeeName: rec[4], Amount: amt})
	}
	if len(b.Lines) != count || b.Total() != total {
		return nil, fmt.Errorf("bankfile: control record says %d lines totalling %s, the file has %d totalling %s", count, total, len(b.Lines), b.Total())
	}
	return b, nil
}
