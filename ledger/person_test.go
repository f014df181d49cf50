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

// Birth date and sex go to the worker's employers and inspectors; an age
// band to anyone else (issue 16 #6).
func TestSeesBirthDateAndAgeBand(t *testing.T) {
	cases := []struct {
		role                 Role
		caller, employer, gc string
		want                 bool
	}{
		{RoleContractor, "org_sub", "org_sub", "org_gc", true},   // the enrolment's employer
		{RoleContractor, "org_gc", "org_sub", "org_gc", true},    // the project's general contractor
		{RoleContractor, "org_peer", "org_sub", "org_gc", false}, // another subcontractor
		{RoleContractor, "", "", "org_gc", false},
		{RoleInspector, "org_insp", "org_sub", "org_gc", true},
		{RoleBank, "org_bank", "org_sub", "org_gc", false},
		{RoleAdmin, "", "org_sub", "org_gc", false},
	}
	for _, c := range cases {
		if got := SeesBirthDate(c.role, c.caller, c.employer, c.gc); got != c.want {
			t.Errorf("%s %s: %v, want %v", c.role, c.caller, got, c.want)
		}
	}
	on := NewDate(2026, 6, 15)
	bands := []struct {
		birth Date
		want  string
	}{
		{NewDate(2011, 6, 16), "under 16"}, {NewDate(2010, 6, 15), "16-17"}, {NewDate(2008, 6, 16), "16-17"}, {NewDate(2008, 6, 15), "18-29"},
		{NewDate(1996, 6, 16), "18-29"}, {NewDate(1996, 6, 15), "30-39"}, {NewDate(1977, 1, 1), "40-49"}, {NewDate(1976, 6, 15), "50-54"},
		{NewDate(1967, 6, 15), "55-59"}, {NewDate(1966, 6, 15), "60+"}, {NewDate(1949, 12, 31), "60+"},
	}
	for _, b := range bands {
		if got := AgeBand(b.birth, on); got != b.want {
			t.Errorf("born %s: %q, want %q", b.birth, got, b.want)
		}
	}
	var e Enrolment
	e.ShowPerson(NewDate(1990, 3, 4), true, on, false)
	if e.Gender != "" || !e.BirthDate.IsZero() || e.AgeBand != "30-39" {
		t.Errorf("unseen: %+v", e)
	}
	e.ShowPerson(NewDate(1990, 3, 4), false, on, true)
	if e.Gender != "female" || e.BirthDate != NewDate(1990, 3, 4) || e.AgeBand != "30-39" {
		t.Errorf("seen: %+v", e)
	}
	if BirthMonth(NewDate(1990, 3, 4)) != "1990-03" {
		t.Errorf("birth month %q", BirthMonth(NewDate(1990, 3, 4)))
	}
}
