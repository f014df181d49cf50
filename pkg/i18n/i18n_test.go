package i18n

import (
	"reflect"
	"regexp"
	"strconv"
	"testing"
)

var verb = regexp.MustCompile(`%(\[[0-9]+\])?[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// argVerbs maps each argument a format uses (1-based, following explicit
// indexes like %[3]s the way fmt does) to its verb letter.
func argVerbs(format string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		v := m[0][len(m[0])-1:]
		if v == "%" {
			continue
		}
		if v == "q" {
			v = "s" // a translation may quote in its own way: “%s” for %q
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1][1 : len(m[1])-1])
		}
		out[next] = v
		next++
	}
	return out
}

// Every entry has both texts, and both take the same arguments with the
// same verbs: a translation that drops a verb would print %!v(MISSING), one
// that swaps two would put the amount where the row number belongs. A
// translation may reorder its arguments with explicit indexes (%[2]s).
func TestCatalogueComplete(t *testing.T) {
	if len(catalogue) == 0 {
		t.Fatal("catalogue is empty")
	}
	for k, m := range catalogue {
		if m.ZH == "" || m.EN == "" {
			t.Errorf("%s: missing a language: %+v", k, m)
			continue
		}
		if zh, en := argVerbs(m.ZH), argVerbs(m.EN); !reflect.DeepEqual(zh, en) {
			t.Errorf("%s: zh takes arguments %v, en %v", k, zh, en)
		}
	}
}

func TestNegotiate(t *testing.T) {
	cases := []struct {
		header string
		want   Lang
	}{
		{"", ZH},
		{"en", EN},
		{"en-US,en;q=0.9", EN},
		{"zh-CN,zh;q=0.9,en;q=0.8", ZH},
		{"fr-FR, en;q=0.5", EN},
		{"fr-FR", ZH},
		{"en;q=0, zh;q=0.1", ZH},
		{"de;q=1, en;q=0.4, zh-TW;q=0.6", ZH},
		{"zh;q=0.3, en;q=0.7", EN},
		{"en;q=abc", ZH},
		{"EN-gb", EN},
	}
	for _, c := range cases {
		if got := Negotiate(c.header); got != c.want {
			t.Errorf("Negotiate(%q) = %s, want %s", c.header, got, c.want)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for in, want := range map[string]Lang{
		"en_US.UTF-8": EN, "C": ZH, "": ZH, "zh_CN.UTF-8": ZH, "en_GB@euro": EN, "POSIX": ZH,
	} {
		if got := FromEnv(in); got != want {
			t.Errorf("FromEnv(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestT(t *testing.T) {
	if got := T(EN, "common.internal_error"); got != "internal error" {
		t.Errorf("T(EN) = %q", got)
	}
	if got := T(ZH, "common.internal_error"); got != "服务器内部错误，请稍后重试" {
		t.Errorf("T(ZH) = %q", got)
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key = %q, want the key itself", got)
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("registering a key twice did not panic")
		}
	}()
	register(map[string]Message{"common.internal_error": {ZH: "x", EN: "x"}})
}
