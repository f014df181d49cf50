package ledger

import (
	"strings"
	"testing"
)

func TestCheckNotAdvanced(t *testing.T) {
	for _, c := range []struct {
		name   string
		lines  []AdvancedLine
		fields int
		names  []string
	}{
		{"no advance", nil, 0, nil},
		{"one line advanced", []AdvancedLine{{LineNo: 2, AdvanceID: "pay_a", Advanced: 300000}}, 1, []string{"pay_a"}},
		{"two lines, two advances", []AdvancedLine{{1, "pay_a", 100}, {3, "pay_b", 200}}, 2, []string{"pay_a", "pay_b"}},
	} {
		err := CheckNotAdvanced(c.lines)
		if c.fields == 0 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		f := ErrorFields(err)
		if ErrorCode(err) != EConflict || len(f) != c.fields {
			t.Fatalf("%s: %v (%d fields), want conflict with %d", c.name, err, len(f), c.fields)
		}
		for i, l := range c.lines {
			if f[i].Row != l.LineNo || f[i].Code != string(RefuseAdvanced) || !strings.Contains(f[i].Message, l.AdvanceID) {
				t.Errorf("%s: field %+v does not name line %d's advance %s", c.name, f[i], l.LineNo, l.AdvanceID)
			}
		}
		for _, n := range c.names {
			if !strings.Contains(err.Error(), n) {
				t.Errorf("%s: %q does not name %s", c.name, err, n)
			}
		}
	}
}
