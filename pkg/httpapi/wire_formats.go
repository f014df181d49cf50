package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
)

// Formats is every kind of file the API reads, with its columns, and the
// grammar of amounts and dates they all share (GET /formats).
type Formats struct {
	Amounts string       `json:"amounts"`
	Dates   string       `json:"dates"`
	Kinds   []FileFormat `json:"kinds"`
}

// FileFormat is one kind of file: where it goes, its columns and templates.
type FileFormat struct {
	Kind         string         `json:"kind"`
	Title        string         `json:"title"`
	Upload       string         `json:"upload"`
	FileTypes    []string       `json:"file_types"`
	TemplateXLSX string         `json:"template_xlsx"`
	TemplateCSV  string         `json:"template_csv"`
	Columns      []FormatColumn `json:"columns"`
}

// FormatColumn is one column: its field name, the heading templates write,
// every other heading that means it, and what it holds.
type FormatColumn struct {
	Name     string   `json:"name"`
	Heading  string   `json:"heading"`
	Aliases  []string `json:"aliases"`
	Required bool     `json:"required"`
	Value    string   `json:"value"`
}

// formatsOf describes the schemas; the command line's `wageguard formats`
// prints the same.
func formatsOf(schemas []*payrollfile.Schema) Formats {
	out := Formats{Amounts: ledger.AmountGrammar, Dates: ledger.DateGrammar, Kinds: []FileFormat{}}
	for _, s := range schemas {
		k := FileFormat{Kind: s.Key, Title: s.Title, Upload: s.Upload, FileTypes: []string{"csv", "xlsx", "json"},
			TemplateXLSX: "/api/v1/formats/" + s.Key + "/template.xlsx", TemplateCSV: "/api/v1/formats/" + s.Key + "/template.csv"}
		for _, f := range s.Fields {
			aliases := append([]string{f.Name}, f.Aliases[1:]...)
			k.Columns = append(k.Columns, FormatColumn{Name: f.Name, Heading: f.Heading(), Aliases: aliases, Required: f.Required, Value: string(f.Value)})
		}
		out.Kinds = append(out.Kinds, k)
	}
	return out
}

// FormatsOf is formatsOf for the command line.
func FormatsOf() Formats { return formatsOf(payrollfile.Schemas) }
