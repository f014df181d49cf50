package ledger

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// A count in an English sentence takes its noun's number: "%d {worker|workers}
// {is|are} owed" reads "1 worker is owed", "2 workers are owed". A choice
// {one|other} follows the integer argument of the nearest verb before it
// (the first one after it when none comes before): the one form when that
// argument is 1, the other form otherwise. Chinese needs none and writes
// none, but a choice in Chinese text would be resolved the same way.
//
// Stored messages keep their key, so a sentence written with choices is one
// key for every count; older sentences split in two keys (Plural) keep
// working. This is the one resolver: Msg.String uses it for logs and Error,
// and pkg/i18n for every rendering, so the two cannot disagree.

var (
	pluralChoice = regexp.MustCompile(`\{([^{}|%]*)\|([^{}|%]*)\}`)
	pluralVerb   = regexp.MustCompile(`%(\[[0-9]+\])?[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)
)

// Plurals resolves the {one|other} choices of format for args, leaving the
// fmt verbs for fmt. A format without choices comes back as it is.
func Plurals(format string, args []any) string {
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
