package httpapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

const ctxLang = "wageguard.lang"

// language picks the language of every message a person reads in the
// answer (a problem's detail, row and field messages, warnings) from
// Accept-Language — Chinese unless English is preferred — and says it in
// Content-Language. Codes, fields and rows are the same in every language.
func (s *Server) language(c *gin.Context) {
	lang := i18n.Negotiate(c.GetHeader("Accept-Language"))
	c.Set(ctxLang, lang)
	c.Header("Content-Language", string(lang))
	c.Writer.Header().Add("Vary", "Accept-Language")
	c.Next()
}

// langOf is the language the request negotiated.
func langOf(c *gin.Context) i18n.Lang {
	if l, ok := c.Get(ctxLang); ok {
		return l.(i18n.Lang)
	}
	return i18n.Default
}

// text renders a message in the request's language.
func text(c *gin.Context, m ledger.Msg) string { return i18n.Of(langOf(c), m) }

// localizer is a wire value with a message to render in the reader's
// language (FieldError).
type localizer interface{ localize(i18n.Lang) }

var localizerType = reflect.TypeFor[localizer]()

// localized returns v with every message in it rendered in the request's
// language: the one place an answer's messages are translated, however deep
// in it they sit. Types that cannot hold one are not walked.
// Under an Idempotency-Key the value is kept too, to be rendered in the
// other languages for a replay (inEveryLanguage).
func localized(c *gin.Context, v any) any {
	if _, keyed := c.Writer.(*bufferedWriter); keyed {
		c.Set(ctxAnswer, v)
	}
	return localizeAny(langOf(c), v)
}

func localizeAny(lang i18n.Lang, v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !mayLocalize(rv.Type()) {
		return v
	}
	p := reflect.New(rv.Type())
	p.Elem().Set(rv)
	walkLocalize(lang, p.Elem())
	return p.Elem().Interface()
}

// Localize returns the wire value v with its messages in lang: the command
// line prints the API's answers in the language LANG or --lang asks for.
func Localize[T any](lang i18n.Lang, v T) T { return localizeAny(lang, v).(T) }

func walkLocalize(lang i18n.Lang, v reflect.Value) {
	if !mayLocalize(v.Type()) {
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(localizerType) {
		v.Addr().Interface().(localizer).localize(lang)
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			e := v.Elem()
			if v.Kind() == reflect.Interface && e.Kind() != reflect.Pointer {
				// A value held in an interface cannot be changed in place.
				c := reflect.New(e.Type()).Elem()
				c.Set(e)
				walkLocalize(lang, c)
				v.Set(c)
				return
			}
			walkLocalize(lang, e)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkLocalize(lang, v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkLocalize(lang, v.Index(i))
		}
	}
}

var mayLocalizeCache sync.Map // reflect.Type → bool

// mayLocalize reports whether a value of type t can hold a localizer.
func mayLocalize(t reflect.Type) bool {
	if b, ok := mayLocalizeCache.Load(t); ok {
		return b.(bool)
	}
	b := holdsLocalizer(t, map[reflect.Type]bool{})
	mayLocalizeCache.Store(t, b)
	return b
}

func holdsLocalizer(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if reflect.PointerTo(t).Implements(localizerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsLocalizer(t.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && holdsLocalizer(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// Text is a sentence in an answer, written as a JSON string in the
// request's language (see localized).
type Text struct {
	s string
	m ledger.Msg
}

func textOf(m ledger.Msg) Text { return Text{s: m.String(), m: m} }

func textsOf(ms []ledger.Msg) []Text {
	if ms == nil {
		return nil
	}
	return mapEach(ms, textOf)
}

func (t *Text) localize(lang i18n.Lang) { t.s = i18n.Of(lang, t.m) }

// MarshalJSON writes the sentence as a string.
func (t Text) MarshalJSON() ([]byte, error) { return json.Marshal(t.s) }

// dryRunNotice is what a dry run's answer says of itself: nil for a real one.
func dryRunNotice(dry bool) *Text {
	if !dry {
		return nil
	}
	t := textOf(ledger.M("a dry run: nothing was stored, and the IDs in this answer are provisional: they name nothing and will differ when the file is submitted"))
	return &t
}

// storedText reads messages kept as JSON (a payroll line's warnings) as one
// sentence in the reader's language; text kept by an earlier build, in
// English, is shown as it is. nil for none.
func storedText(stored string) *Text {
	if stored == "" {
		return nil
	}
	var ms []ledger.Msg
	if !strings.HasPrefix(stored, "[") || json.Unmarshal([]byte(stored), &ms) != nil || len(ms) == 0 {
		t := Text{s: stored, m: ledger.Msg{Key: stored}}
		return &t
	}
	m := ms[0]
	for _, next := range ms[1:] {
		m = ledger.M("%s; %s", m, next)
	}
	t := textOf(m)
	return &t
}
