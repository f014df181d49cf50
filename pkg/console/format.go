package console

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// money writes an amount in yuan with thousands separators: ¥1,234,567.89.
// Money is whole fen inside; it is never a float.
func money(m ledger.Money) string {
	s := m.String() // "-1234567.89"
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := "¥" + b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}
