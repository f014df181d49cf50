package ledger

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// A message's English may choose a word by a count, "%d {worker|workers}"
// (pkg/i18n/plural.go says how). ledger imports nothing of ours, so String
// resolves the choices with its own copy of i18n.Plurals; a test holds the
// two to the same answers.

var (
	pluralChoice = regexp.MustCompile(`\{([^{}|%]*)\|([^{}|%]*)\}`)
	pluralVerb   = regexp.MustCompile(`%(\[[0-9]+\])?[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)
)

// englishPlurals resolves the {one|other} choices of format for args, leaving the
// fmt verbs for fmt. A format without choices comes back as it is.
func englishPlurals(format string, args []any) string {
	if !strings.Contains(format, "|") || !pluralChoice.MatchString(format) {
		return format
	}
	type verbAt struct{ pos, arg int }
	var verbs []verbAt
	next := 0
	for _, m := range pluralVerb.FindAllStringSubmatchIndex(format, -1) {
		if format[m[1]-1] == '%' {
			continue
		}
		if m[2] >= 0 {
			n, _ := strconv.Atoi(format[m[2]+1 : m[3]-1])
			next = n - 1
		}
		if format[m[1]-1] == 'd' {
			verbs = append(verbs, verbAt{m[0], next})
		}
		next++
	}
	var b strings.Builder
	last := 0
	for _, m := range pluralChoice.FindAllStringSubmatchIndex(format, -1) {
		arg := -1
		for _, v := range verbs {
			if v.pos < m[0] {
				arg = v.arg
				continue
			}
			if arg < 0 {
				arg = v.arg
			}
			break
		}
		form := format[m[4]:m[5]] // other
		if arg >= 0 && arg < len(args) && isOne(args[arg]) {
			form = format[m[2]:m[3]]
		}
		b.WriteString(format[last:m[0]])
		b.WriteString(form)
		last = m[1]
	}
	b.WriteString(format[last:])
	return b.String()
}

// isOne reports whether an argument is the integer 1.
func isOne(a any) bool {
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 1
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint() == 1
	}
	return false
}
