package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
)

// Formats is every kind of file the API reads, with its columns, and the
// grammar of amounts and dates they all share (GET /formats). Its words
// are in the request's language (the command line's: LANG or --lang).
type Formats struct {
	Amounts Text         `json:"amounts"`
	Dates   Text         `json:"dates"`
	Kinds   []FileFormat `json:"kinds"`
}

// FileFormat is one kind of file: where it goes, its columns and templates.
type FileFormat struct {
	Kind         string         `json:"kind"`
	Title        Text           `json:"title"`
	Upload       string         `json:"upload"`
	FileTypes    []string       `json:"file_types"`
	TemplateXLSX string         `json:"template_xlsx"`
	TemplateCSV  string         `json:"template_csv"`
	Columns      []FormatColumn `json:"columns"`
}

// FormatColumn is one column: its field name, the heading templates write,
// every other heading that means it, and what it holds (value, a machine
// word; description, in words).
type FormatColumn struct {
	Name        string   `json:"name"`
	Heading     string   `json:"heading"`
	Aliases     []string `json:"aliases"`
	Required    bool     `json:"required"`
	Value       string   `json:"value"`
	Description Text     `json:"description"`
}

// formatsOf describes the schemas; the command line's `wageguard formats`
// prints the same.
func formatsOf(schemas []*payrollfile.Schema) Formats {
	out := Formats{Amounts: textOf(ledger.M("formats.amounts")), Dates: textOf(ledger.M("formats.dates")), Kinds: []FileFormat{}}
	for _, s := range schemas {
		k := FileFormat{Kind: s.Key, Title: textOf(ledger.M("formats.title." + s.Key)), Upload: s.Upload, FileTypes: []string{"csv", "xlsx", "json"},
			TemplateXLSX: "/api/v1/formats/" + s.Key + "/template.xlsx", TemplateCSV: "/api/v1/formats/" + s.Key + "/template.csv"}
		for _, f := range s.Fields {
			aliases := append([]string{f.Name}, f.Aliases[1:]...)
			desc := ledger.M("%s; %s", ledger.M("formats.column."+f.Name), ledger.M("formats.value."+string(f.Value)))
			k.Columns = append(k.Columns, FormatColumn{Name: f.Name, Heading: f.Heading(), Aliases: aliases, Required: f.Required, Value: string(f.Value), Description: textOf(desc)})
		}
		out.Kinds = append(out.Kinds, k)
	}
	return out
}

// FormatsOf is formatsOf for the command line.
func FormatsOf() Formats { return formatsOf(payrollfile.Schemas) }

// String is the text as it reads (after Localize).
func (t Text) String() string { return t.s }
