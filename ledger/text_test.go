package ledger

import "testing"

func TestBadTextRune(t *testing.T) {
	for s, want := range map[string]bool{
		"张伟": false, "line\nbreak\ttab\r": false, "O'Brien": false, "": false, "emoji 😀": false, "LRM\u200e": false,
		"nul\x00": true, "esc\x1b[2J": true, "del\x7f": true, "c1\u0085": true, "rlo\u202e": true, "lre\u202a": true, "isolate\u2066": true, "alm\u061c": true,
	} {
		if _, got := BadTextRune(s); got != want {
			t.Errorf("BadTextRune(%q) = %v, want %v", s, got, want)
		}
	}
	if f := CheckText(3, "name", "a\x00"); f == nil || f.Row != 3 || f.Field != "name" || f.Code != "control_character" {
		t.Errorf("CheckText: %+v", f)
	}
}

func TestNeutraliseCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "@SUM(1+1)*cmd|' /C calc'!A0": "'@SUM(1+1)*cmd|' /C calc'!A0",
		"+86": "'+86", "+cmd": "'+cmd", "-2+3": "'-2+3", "\tx": "'\tx", "\rx": "'\rx", "-12.30": "'-12.30", "-": "'-",
		"6222021000000000017": "6222021000000000017", "朝阳": "朝阳", "": "", "1-2": "1-2", "5=5": "5=5",
		"  =1+1": "'  =1+1", "\u3000@SUM(A1)": "'\u3000@SUM(A1)", "＝HYPERLINK(\"x\")": "'＝HYPERLINK(\"x\")", "＋86": "'＋86", "   ": "   ", " 张三": " 张三",
	} {
		if got := NeutraliseCell(in); got != want {
			t.Errorf("NeutraliseCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormaliseWageAccountNo(t *testing.T) {
	for in, want := range map[string]string{
		"1100000000000001": "1100000000000001", "1100-0000-0000-0001": "1100000000000001", "1100 0000 0000 0001": "1100000000000001",
		"１１０００００００": "110000000", " 11000000 ": "11000000",
		"-1100000009": "", "--------": "", "1100--0000": "", "11000000-": "", "=1+1": "", "1234567": "", "1100000000000001x": "",
	} {
		got, ok := NormaliseWageAccountNo(in)
		if (want == "") == ok || (ok && got != want) {
			t.Errorf("NormaliseWageAccountNo(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestValidCode(t *testing.T) {
	for in, want := range map[string]bool{
		"BJ-2026-001": true, "G-1": true, "京建2026/01": true, "P_1.2": true,
		"@SUM(1+1)*cmd|' /C calc'!A0": false, "=HYPERLINK()": false, "-1": false, "a b": false, "": false,
	} {
		if got := ValidCode(in); got != want {
			t.Errorf("ValidCode(%q) = %v, want %v", in, got, want)
		}
	}
}
