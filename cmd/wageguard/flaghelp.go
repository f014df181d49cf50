package main

import (
	"flag"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/wageguard/wageguard/pkg/i18n"
)

// envSuffix is the " (env NAME)" the shared settings' usage ends with
// (pkg/config): the sentence before it is the catalogue key.
var envSuffix = regexp.MustCompile(`^(.*) \(env ([A-Z_]+)\)$`)

// printFlags writes the flags of fs as flag.PrintDefaults lays them out,
// in the command's language: each flag's usage is its catalogue key (the
// English sentence), its argument named in words, its default and its
// environment variable said in the same language.
func (m *Main) printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		usage, env := f.Usage, ""
		if s := envSuffix.FindStringSubmatch(usage); s != nil {
			usage, env = s[1], s[2]
		}
		translated := i18n.Render(m.lang, usage)
		arg, text := flag.UnquoteUsage(&flag.Flag{Name: f.Name, Usage: translated, Value: f.Value, DefValue: f.DefValue})
		kind := arg
		if arg != "" && !strings.Contains(translated, "`") {
			arg = i18n.T(m.lang, "cli.flag.arg."+arg)
		}
		var b strings.Builder
		b.WriteString("  -" + f.Name)
		if arg != "" {
			b.WriteString(" " + arg)
		}
		b.WriteString("\n    \t")
		b.WriteString(strings.ReplaceAll(text, "\n", "\n    \t"))
		def := redactedDefault(f.DefValue)
		switch {
		case f.DefValue == "" || f.DefValue == "0" || f.DefValue == "false" || f.DefValue == "0s":
		case kind == "string":
			b.WriteString(i18n.Render(m.lang, " (default %q)", def))
		default:
			b.WriteString(i18n.Render(m.lang, " (default %s)", def))
		}
		if env != "" {
			b.WriteString(i18n.Render(m.lang, " (env %s)", env))
		}
		b.WriteString("\n")
		io.WriteString(w, b.String())
	})
}

// redactedDefault is a flag's default as help shows it: a default taken
// from the environment may be a URL with a password (the database's), which
// help never prints.
func redactedDefault(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); !has {
		return s
	}
	return u.Redacted()
}

// flagErrorPatterns are the flag package's errors, as it words them, and
// the catalogue's sentence for each (its verbs take the submatches).
var flagErrorPatterns = []struct {
	re  *regexp.Regexp
	msg string
}{
	{regexp.MustCompile(`^flag provided but not defined: (-\S+)$`), "there is no flag %s: run with -h to see this command's flags"},
	{regexp.MustCompile(`^flag needs an argument: (-\S+)$`), "flag %s needs a value"},
	{regexp.MustCompile(`^invalid (?:boolean )?value ("[^"]*") for (?:flag )?(-\S+): .*$`), "%s is not a valid value for %s"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "%s is not a flag: flags are written -name or --name"},
}

// flagError is the flag package's error in the command's language.
func (m *Main) flagError(err error) usageError {
	for _, p := range flagErrorPatterns {
		if s := p.re.FindStringSubmatch(err.Error()); s != nil {
			args := make([]any, len(s)-1)
			for i, a := range s[1:] {
				args[i] = a
			}
			return usageError{i18n.Render(m.lang, p.msg, args...)}
		}
	}
	return usageError{err.Error()}
}
