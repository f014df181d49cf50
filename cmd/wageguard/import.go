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

	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/service"
)

// importPayroll is POST /projects/{id}/payrolls from the shell: the same
// validation, the same all-or-nothing store, with a progress bar when
// standard error is a terminal.
func (m *Main) importPayroll(ctx context.Context, args []string) error {
	var project, employer, period, kind string
	var dry bool
	cfg, rest, err := m.flags("import payroll", reorder(args), func(fs *flag.FlagSet) {
		fs.StringVar(&project, "project", "", "project ID")
		fs.StringVar(&employer, "employer", "", "employer organisation ID (the GC or a subcontractor)")
		fs.StringVar(&period, "period", "", "wage month, YYYY-MM")
		fs.StringVar(&kind, "kind", "regular", "regular, supplementary, or advance (the general contractor paying a subcontractor's workers first)")
		fs.BoolVar(&dry, "dry-run", false, "validate only, store nothing")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 || project == "" || employer == "" || period == "" {
		return usageError{"usage: wageguard import payroll FILE --project ID --employer ID --period YYYY-MM [--kind supplementary|advance] [--dry-run]"}
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
	up := service.Upload{Body: counter, Name: filepath.Base(path), SHA256: hex.EncodeToString(h.Sum(nil)), Head: head[:n]}
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
		return explain(err)
	}
	out, _ := json.MarshalIndent(httpapi.PayrollSubmittedOf(res), "", "  ")
	fmt.Fprintln(m.Stdout, string(out))
	switch {
	case replayed:
		fmt.Fprintf(m.Stderr, "this file was imported before: payroll %s (nothing new stored)\n", res.ID)
	case dry:
		fmt.Fprintf(m.Stderr, "dry run: %d lines are valid, net %s; nothing stored\n", res.Totals.Lines, res.Totals.Net)
	default:
		fmt.Fprintf(m.Stderr, "payroll %s submitted: %d lines, net %s, %d with warnings\n", res.ID, res.Totals.Lines, res.Totals.Net, res.Warnings)
	}
	return nil
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

// explain prints every bad line of a refused file, one per line.
func explain(err error) error {
	var b strings.Builder
	b.WriteString(err.Error())
	if fe := fieldErrors(err); len(fe) > 0 {
		b.Reset()
		b.WriteString("the file was refused; nothing was stored:\n")
		for _, f := range fe {
			fmt.Fprintf(&b, "  row %d, %s: %s\n", f.Row, f.Field, f.Message)
		}
	}
	return fmt.Errorf("%s", strings.TrimRight(b.String(), "\n"))
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
	draw := func() {
		read := min(c.n.Load(), total)
		const width = 40
		filled := int(read * width / total)
		fmt.Fprintf(f, "\r[%s%s] %3d%% %s / %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), read*100/total, mb(read), mb(total))
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				draw()
				fmt.Fprintln(f, "  checking against the registry…")
				return
			case <-t.C:
				draw()
			}
		}
	}()
	return func() { close(done); <-finished }
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
