package ledger

import "testing"

func TestCheckResidentID(t *testing.T) {
	today := NewDate(2026, 11, 28)
	good := []struct {
		in, norm, birth string
		male            bool
	}{
		{"11010519491231002X", "11010519491231002X", "1949-12-31", false},
		{"440524188001010014", "440524188001010014", "1880-01-01", true},
		{"360426199101010071", "360426199101010071", "1991-01-01", true},
		{"11010519491231002x", "11010519491231002X", "1949-12-31", false},
		{" 110105 19491231 002X ", "11010519491231002X", "1949-12-31", false},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", "1949-12-31", false},
	}
	for _, c := range good {
		id, ferr := CheckResidentID(c.in, today)
		if ferr != nil {
			t.Errorf("CheckResidentID(%q): %v", c.in, ferr.Message)
			continue
		}
		if id.Number != c.norm || id.BirthDate.String() != c.birth || id.Male != c.male {
			t.Errorf("CheckResidentID(%q) = %+v", c.in, id)
		}
	}
	bad := []struct{ in, code string }{
		{"36042619910102009X", "checksum"},
		{"360426199113010079", "birth_date"},
		{"110105491231002", "fifteen_digit"},
		{"1101051949123100", "length"},
		{"11010519491231002Y", "format"},
		{"99010519491231002X", "region"},
		{"110105203001010018", "birth_date"}, // born in 2030
		{"1.10105E+17", "length"},
	}
	for _, c := range bad {
		_, ferr := CheckResidentID(c.in, today)
		if ferr == nil || ferr.Code != c.code || ferr.Field != "id_number" || ferr.Message == "" {
			t.Errorf("CheckResidentID(%q) = %+v, want code %s", c.in, ferr, c.code)
		}
	}
	id, _ := CheckResidentID("360426199101010071", today)
	if id.AgeOn(NewDate(2007, 1, 1)) != 16 || id.AgeOn(NewDate(2007, 1, 2)) != 16 || id.AgeOn(NewDate(2006, 12, 31)) != 15 {
		t.Errorf("age: %d %d", id.AgeOn(NewDate(2007, 1, 1)), id.AgeOn(NewDate(2007, 1, 2)))
	}
	if id.Gender() != "male" {
		t.Error("gender")
	}
}

func TestCheckBankCard(t *testing.T) {
	for _, ok := range []string{"6222021234567890128", "4111111111111111", "6222 0212 3456 7890 128"} {
		if _, err := CheckBankCard(ok); err != nil {
			t.Errorf("CheckBankCard(%q): %s", ok, err.Message)
		}
	}
	for in, code := range map[string]string{"6222021234567890127": "checksum", "411111111111": "length", "6.22202E+18": "format", "": "format"} {
		if _, err := CheckBankCard(in); err == nil || err.Code != code {
			t.Errorf("CheckBankCard(%q) = %+v, want %s", in, err, code)
		}
	}
}

func TestCheckMobileAndName(t *testing.T) {
	for in, want := range map[string]string{"13800138000": "13800138000", "+8613800138000": "13800138000", "138 0013 8000": "13800138000"} {
		if got, err := CheckMobile(in); err != nil || got != want {
			t.Errorf("CheckMobile(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"12800138000", "1380013800", "phone"} {
		if _, err := CheckMobile(bad); err == nil {
			t.Errorf("CheckMobile(%q) accepted", bad)
		}
	}
	for in, want := range map[string]string{" 张三 ": "张三", "阿卜杜拉·买买提": "阿卜杜拉·买买提", "阿卜杜拉•买买提": "阿卜杜拉·买买提", "John Smith": "John Smith", "欧阳娜娜": "欧阳娜娜"} {
		if got, err := CheckName(in); err != nil || got != want {
			t.Errorf("CheckName(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"张", "张3", "·张三", "张三·", "张··三", "", "李四!"} {
		if _, err := CheckName(bad); err == nil {
			t.Errorf("CheckName(%q) accepted", bad)
		}
	}
}

func TestNormaliseDigits(t *testing.T) {
	for in, want := range map[string]string{
		"6222020200012345678":      "6222020200012345678",
		"６２２２ ０２０２":                "62220202",
		" 1101 0519\t900101 1234 ": "11010519900101" + "1234",
		"11010519900101123Ｘ":       "11010519900101123X",
		"ａｂ\u3000\u00a0c":          "abc",
		"":                         "",
	} {
		if got := NormaliseDigits(in); got != want {
			t.Errorf("NormaliseDigits(%q) = %q, want %q", in, got, want)
		}
	}
}
