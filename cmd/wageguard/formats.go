package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/payrollfile"
)

// formats prints the columns of every kind of file, as GET /api/v1/formats
// answers them, or writes a kind's template. It needs no database.
func (m *Main) formats(args []string) error {
	var asJSON bool
	var template, out string
	fs := m.newFlagSet("formats")
	fs.BoolVar(&asJSON, "json", false, "print the formats as JSON, as GET /api/v1/formats answers")
	fs.StringVar(&template, "template", "", "write the empty template of this kind (workers, attendance, payroll, bank_results) to --out")
	fs.StringVar(&out, "out", "", "the template file to write: .xlsx or .csv")
	if err := m.parseFlags(fs, args); err != nil {
		return err
	}
	if template != "" {
		return writeTemplate(template, out)
	}
	f := httpapi.Localize(m.lang, httpapi.FormatsOf())
	if asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	}
	m.say(m.Stdout, "Amounts: %s\nDates: %s\n", f.Amounts, f.Dates)
	for _, k := range f.Kinds {
		m.say(m.Stdout, "\n%s — %s\n  upload: %s (CSV, XLSX or JSON)\n  template: wageguard formats --template %s --out %s.xlsx\n",
			k.Kind, k.Title, k.Upload, k.Kind, k.Kind)
		for _, c := range k.Columns {
			need := i18n.T(m.lang, "formats.optional")
			if c.Required {
				need = i18n.T(m.lang, "formats.required")
			}
			fmt.Fprintf(m.Stdout, "  %-20s %-10s %-8s %s\n", c.Name, c.Heading, need, c.Description)
			if len(c.Aliases) > 1 {
				m.say(m.Stdout, "  %-20s also: %s\n", "", strings.Join(c.Aliases[1:], ", "))
			}
		}
	}
	return nil
}

// writeTemplate writes a kind's template, XLSX or CSV by the file's name.
func writeTemplate(kind, out string) error {
	s := payrollfile.SchemaOf(kind)
	if s == nil {
		return usageError{fmt.Sprintf("there is no file kind %q: the kinds are workers, attendance, payroll, bank_results", kind)}
	}
	write := s.WriteTemplateXLSX
	switch {
	case strings.HasSuffix(strings.ToLower(out), ".csv"):
		write = s.WriteTemplateCSV
	case !strings.HasSuffix(strings.ToLower(out), ".xlsx"):
		return usageError{"--out names the template file, ending .xlsx or .csv"}
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(out)
		return err
	}
	return f.Close()
}
