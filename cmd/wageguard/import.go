package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/service"
)

// importPayroll is POST /projects/{id}/payrolls from the shell: the same
// validation, the same all-or-nothing store, with a progress bar when
// standard error is a terminal.
func (m *Main) importPayroll(ctx context.Context, args []string) error {
	var project, employer, period, kind string
	var dry, asJSON bool
	cfg, rest, err := m.flags("import payroll", reorder(args), func(fs *flag.FlagSet) {
		fs.StringVar(&project, "project", "", "project ID")
		fs.StringVar(&employer, "employer", "", "employer organisation ID (the GC or a subcontractor)")
		fs.StringVar(&period, "period", "", "wage month, YYYY-MM")
		fs.StringVar(&kind, "kind", "regular", "regular, supplementary, or advance (the general contractor paying a subcontractor's workers first)")
		fs.BoolVar(&dry, "dry-run", false, "validate only, store nothing")
		fs.BoolVar(&asJSON, "json", false, "print the whole answer as JSON, as the API gives it (every line warning), instead of the summary")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 || project == "" || employer == "" || period == "" {
		return usageError{"usage: wageguard import payroll FILE --project ID --employer ID --period YYYY-MM [--kind supplementary|advance] [--dry-run] [--json]"}
	}
	path := rest[0]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	head := make([]byte, 512)
	n, _ := f.ReadAt(head, 0)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	policy, err := loadPolicy(cfg.PolicyFile)
	if err != nil {
		return err
	}
	log := m.logger(cfg)
	db, keys, err := m.openWithKeys(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := m.service(db, keys, log)
	svc.Policy = policy
	counter := &countingReader{r: f}
	up := service.Upload{Body: counter, Name: filepath.Base(path), SHA256: hex.EncodeToString(h.Sum(nil)), Head: head[:n],
		ColumnWarnings: new([]ledger.FieldError)}
	lines, closeLines, err := service.FileLines(up)
	if err != nil {
		return err
	}
	defer closeLines()
	stop := m.progress(counter, st.Size())
	res, replayed, err := svc.SubmitPayroll(service.WithCaller(ctx, service.CLI), project, service.PayrollSubmission{
		EmployerID: employer, Period: period, Kind: kind, DryRun: dry}, up.SHA256, up.Name, lines)
	stop()
	if err != nil {
		return err // printed with each bad line by Run (errorText)
	}
	answer := httpapi.PayrollSubmittedOf(res)
	answer.ColumnWarnings = httpapi.FieldErrorsOf(*up.ColumnWarnings)
	answer = httpapi.Localize(m.lang, answer)
	if asJSON {
		out, _ := json.MarshalIndent(answer, "", "  ")
		fmt.Fprintln(m.Stdout, string(out))
		m.importSummary(m.Stderr, answer, replayed, dry, 0)
		return nil
	}
	m.importSummary(m.Stdout, answer, replayed, dry, maxListedWarnings)
	return nil
}

// maxListedWarnings bounds the line warnings the summary lists; --json
// prints them all.
const maxListedWarnings = 20

// importSummary writes what became of an import: the payroll, its totals,
// the file's column warnings and up to listed line warnings.
func (m *Main) importSummary(w io.Writer, a httpapi.PayrollSubmitted, replayed, dry bool, listed int) {
	switch {
	case replayed:
		m.say(w, "this file was imported before: payroll %s (nothing new stored)\n", a.ID)
	case dry:
		m.say(w, plural(a.Totals.Lines, "dry run: %d line is valid, net %s; nothing stored\n", "dry run: %d lines are valid, net %s; nothing stored\n"), a.Totals.Lines, a.Totals.Net)
	default:
		m.say(w, plural(a.Totals.Lines, "payroll %s submitted: %d line, net %s", "payroll %s submitted: %d lines, net %s"), a.ID, a.Totals.Lines, a.Totals.Net)
		m.say(w, plural(a.Warnings, ", %d warning\n", ", %d warnings\n"), a.Warnings)
	}
	if listed == 0 {
		return
	}
	for _, c := range a.ColumnWarnings {
		m.say(w, "  header (row %d): %s\n", c.Row, c.Message)
	}
	for i, l := range a.LineWarnings {
		if i == listed {
			m.say(w, "  … and %d more {warning|warnings}: --json lists them all\n", len(a.LineWarnings)-listed)
			break
		}
		if l.Field == "line" { // a warning about the whole line
			m.say(w, "  row %d: %s\n", l.Row, l.Message)
			continue
		}
		m.say(w, "  row %d, %s: %s\n", l.Row, fieldName(m.lang, l.Field, l.Column), l.Message)
	}
}

// plural is the message for one when n is 1, else for many: English needs
// both, the catalogue gives both the same Chinese.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// reorder moves the file argument after the flags, so that both
// "import payroll FILE --project …" and "import payroll --project … FILE" work.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && a != "--dry-run" && a != "-dry-run" && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress draws a progress bar on standard error while the file is read,
// when standard error is a terminal; it returns the function that ends it.
func (m *Main) progress(c *countingReader, total int64) func() {
	f, ok := m.Stderr.(*os.File)
	if !ok || total == 0 {
		return func() {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	checking := false
	draw := func() {
		if checking {
			return // the bar is complete, and the line below it says what happens now
		}
		read := min(c.n.Load(), total)
		fmt.Fprint(f, "\r"+progressLine(read, total))
		if read == total {
			checking = true
			fmt.Fprint(f, "\n  read; checking against the registry…")
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				draw()
				fmt.Fprintln(f)
				return
			case <-t.C:
				draw()
			}
		}
	}()
	return func() { close(done); <-finished }
}

// progressLine is the bar for read of total bytes: "[====    ] 50% 1.5 KB / 3.0 KB".
func progressLine(read, total int64) string {
	const width = 40
	filled := int(read * width / total)
	return fmt.Sprintf("[%s%s] %3d%% %s / %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), read*100/total, size(read), size(total))
}

// size writes a byte count as people read it: 512 B, 1.5 KB, 12.0 MB.
func size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
