// Package i18n is wageguard's one message catalogue: every sentence a person
// reads — an API problem's detail, a row error, a warning, a console page, a
// CLI message — is a key here with its Simplified Chinese and English text.
//
// Chinese is the default: the people who read these messages are contractors'
// clerks, bank staff and labour inspectors in China. English is chosen by
// Accept-Language (HTTP), by the console's language switch, or by LANG (CLI).
//
// Keys are grouped in files by who reads them (catalogue_api.go,
// catalogue_console.go, ...), so work on one area does not touch another's
// file. A test checks that every entry has both texts and that both take the
// same arguments.
package i18n

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// Lang is a language the catalogue holds.
type Lang string

const (
	// ZH is Simplified Chinese, the default.
	ZH Lang = "zh-CN"
	// EN is English.
	EN Lang = "en"
)

// Default is the language used when nothing asks for another.
const Default = ZH

// Langs are the languages the catalogue holds.
func Langs() []Lang { return []Lang{ZH, EN} }

// Message is one catalogue entry: the same sentence in each language, as a
// fmt format whose verbs are in the same order in both.
type Message struct {
	ZH string
	EN string
}

// catalogue holds every entry; each catalogue_*.go file adds its own with
// register in an init function. A key registered twice is a programming
// error and panics at start-up, so two areas cannot silently share a key.
var catalogue = map[string]Message{}

func register(entries map[string]Message) {
	for k, m := range entries {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key registered twice: " + k)
		}
		catalogue[k] = m
	}
}

// registerEN adds entries whose key is the English sentence itself (a fmt
// format): the messages ledger and the services raise, which the code
// writes in English (ledger.Msg) and the catalogue gives in Chinese.
func registerEN(zh map[string]string) {
	entries := make(map[string]Message, len(zh))
	for en, z := range zh {
		entries[en] = Message{ZH: z, EN: en}
	}
	register(entries)
}

// Has reports whether key is in the catalogue (or was, under a key since
// renamed).
func Has(key string) bool {
	_, ok := lookup(key)
	return ok
}

// lookup is the entry of key, following a renamed key to its new one.
func lookup(key string) (Message, bool) {
	m, ok := catalogue[key]
	if !ok {
		if to, was := renamed[key]; was {
			m, ok = catalogue[to]
		}
	}
	return m, ok
}

// T returns the message for key in lang, formatted with args. An unknown key
// comes back as the key itself, so a missing entry is visible rather than
// blank (and the catalogue test catches keys used in code but not defined).
func T(lang Lang, key string, args ...any) string {
	m, ok := lookup(key)
	if !ok {
		return key
	}
	format := m.ZH
	if lang == EN {
		format = m.EN
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(ledger.Plurals(format, args), args...)
}

// Negotiate picks the language for an Accept-Language header (RFC 9110
// §12.5.4): the first acceptable tag with a non-zero weight that the
// catalogue holds, by weight then order; Chinese when none matches.
func Negotiate(acceptLanguage string) Lang {
	best, bestQ := Default, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := parseRange(part)
		if q <= 0 || q <= bestQ {
			continue
		}
		if l, ok := match(tag); ok {
			best, bestQ = l, q
		}
	}
	return best
}

// FromEnv picks the language for a command-line user from the value of LANG
// (or LC_ALL / LC_MESSAGES): "en_US.UTF-8" is English, anything else Chinese.
func FromEnv(lang string) Lang {
	if l, ok := match(strings.SplitN(strings.SplitN(lang, ".", 2)[0], "@", 2)[0]); ok {
		return l
	}
	return Default
}

// Parse returns the language a console switch or query parameter names
// ("zh", "zh-CN", "en", "en-GB"), and false for anything else.
func Parse(s string) (Lang, bool) { return match(s) }

func parseRange(part string) (tag string, q float64) {
	fields := strings.Split(strings.TrimSpace(part), ";")
	tag, q = strings.TrimSpace(fields[0]), 1
	for _, p := range fields[1:] {
		p = strings.TrimSpace(p)
		if v, ok := strings.CutPrefix(p, "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil || q < 0 || q > 1 {
				q = 0
			}
		}
	}
	return tag, q
}

func match(tag string) (Lang, bool) {
	primary := strings.ToLower(strings.SplitN(strings.ReplaceAll(tag, "_", "-"), "-", 2)[0])
	switch primary {
	case "zh":
		return ZH, true
	case "en":
		return EN, true
	}
	return "", false
}

// Keyed is a message kept as data: its catalogue key and arguments
// (ledger.Msg, and the errors and field errors that carry one).
type Keyed interface {
	MsgKey() (key string, args []any)
}

// Render is the message of key with args in lang. An argument that is Keyed
// is rendered in lang first. A key the catalogue lacks is itself a format
// (an English sentence): it is formatted as it is, so a message nobody has
// translated yet still reads, in English.
func Render(lang Lang, key string, args ...any) string {
	if len(args) > 0 {
		rendered := make([]any, len(args))
		for i, a := range args {
			if k, ok := a.(Keyed); ok {
				a = Of(lang, k)
			}
			rendered[i] = a
		}
		args = rendered
	}
	if Has(key) {
		return T(lang, key, args...)
	}
	if len(args) == 0 {
		return key
	}
	return fmt.Sprintf(ledger.Plurals(key, args), args...)
}

// Of renders a Keyed message in lang.
func Of(lang Lang, k Keyed) string {
	key, args := k.MsgKey()
	return Render(lang, key, args...)
}
