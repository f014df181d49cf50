package ledger

import (
	"strings"
	"testing"
)

func TestCheckUSCC(t *testing.T) {
	// The published samples in DOMAIN.md.
	for _, s := range []string{"91350100M000100Y43", "91110000600037341L", "121200004013590816", "91310115MA1K3BTP2B", " 91310115ma1k3btp2b "} {
		if _, err := CheckUSCC(s); err != nil {
			t.Errorf("CheckUSCC(%q): %v", s, err)
		}
	}
	bad := []struct{ in, want string }{
		{"91350100M000100Y44", "check character is \"4\" but should be \"3\""},
		{"91350100M000100Y4", "18 characters, this one has 17"},
		{"91350100M000100Y433", "this one has 19"},
		{"91350100M0001O0Y43", "not used in credit codes"},
		{"91350100M00010-Y43", "not a digit or an allowed capital letter"},
		{"", "this one has 0"},
	}
	for _, c := range bad {
		_, err := CheckUSCC(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckUSCC(%q) = %v, want %q", c.in, err, c.want)
		}
	}
}

// withUSCCCheck appends the GB 32100 check character to 17 characters.
func withUSCCCheck(first17 string) string {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, first17[i]) * usccWeights[i]
	}
	return first17 + string(usccAlphabet[(31-sum%31)%31])
}

// Organisations registered at the central level (a central enterprise with
// the State Administration for Market Regulation, a central public
// institution) carry the division code 100000: only the structure and the
// check character decide.
func TestCheckUSCCCentralLevel(t *testing.T) {
	for _, first17 := range []string{"91100000MA0012345", "12100000400000624", "31100000MA001C2QX"} {
		code := withUSCCCheck(first17)
		if got, err := CheckUSCC(code); err != nil || got != code {
			t.Errorf("CheckUSCC(%q) = %q, %v", code, got, err)
		}
	}
	// Structure still decides: letters where the division code belongs are
	// refused even with a right check character.
	code := withUSCCCheck("9110A000MA0012345")
	if _, err := CheckUSCC(code); err == nil || !strings.Contains(err.Error(), "administrative division code") {
		t.Errorf("CheckUSCC(%q) = %v, want a division-code error", code, err)
	}
}

func TestRegion(t *testing.T) {
	for code, prefix := range map[string]string{"110000": "11", "110100": "1101", "110111": "110111", "310115": "310115"} {
		if got := RegionPrefix(code); got != prefix {
			t.Errorf("RegionPrefix(%s) = %s", code, got)
		}
	}
	for _, bad := range []string{"11011", "1101111", "990000", "11a111"} {
		if CheckRegionCode(bad) == nil {
			t.Errorf("CheckRegionCode(%q) accepted", bad)
		}
	}
}
