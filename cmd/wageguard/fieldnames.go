package main

import (
	"unicode"

	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/payrollfile"
)

// fieldName is how a command names a bad field to a person: by the heading
// their file gave its column (column), else — in Chinese — by the heading
// the templates give it (应发工资 for gross_pay), else by its name. The JSON
// answer (--json) keeps the machine's name in field, and the heading in
// column.
func fieldName(lang i18n.Lang, field, column string) string {
	if column != "" {
		return column
	}
	if lang == i18n.ZH {
		if h, ok := templateHeading(field); ok {
			return h
		}
	}
	return field
}

// templateHeading is the Chinese heading the file templates write for a
// field of any file kind.
func templateHeading(field string) (string, bool) {
	for _, sc := range payrollfile.Schemas {
		for _, f := range sc.Fields {
			if f.Name == field && len(f.Aliases) > 0 && !isASCII(f.Aliases[0]) {
				return f.Aliases[0], true
			}
		}
	}
	return "", false
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}
