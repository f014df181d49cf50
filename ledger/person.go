package ledger

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// ResidentID is a checked 18-character resident identity number (GB 11643-1999)
// with what it encodes.
type ResidentID struct {
	Number    string // normalised: upper-case X, no spaces
	Region    string
	BirthDate Date
	Male      bool
}

// Gender is "male" or "female", read from the 17th digit.
func (r ResidentID) Gender() string {
	if r.Male {
		return "male"
	}
	return "female"
}

// AgeOn is the age in whole years on day d.
func (r ResidentID) AgeOn(d Date) int {
	b, t := r.BirthDate.Time(), d.Time()
	age := t.Year() - b.Year()
	if t.Month() < b.Month() || (t.Month() == b.Month() && t.Day() < b.Day()) {
		age--
	}
	return age
}

// CheckResidentID validates an identity number as of today: 18 characters,
// a province code, a real birth date not after today, and the check
// character. It strips spaces, accepts a lower-case x, turns full-width
// digits into ASCII, and refuses the old 15-digit numbers with the reason.
// The error's Code field is a short machine word: length, format, region,
// birth_date, checksum, fifteen_digit.
func CheckResidentID(s string, today Date) (ResidentID, *FieldError) {
	n := NormaliseDigits(s)
	n = strings.ToUpper(n)
	fail := func(code Refusal, format string, args ...any) (ResidentID, *FieldError) {
		f := code.Atf(0, "id_number", format, args...)
		return ResidentID{}, &f
	}
	if len(n) == 15 && allDigits(n) {
		return fail(RefuseFifteenDigit, "15-digit identity numbers have not been valid since 2013: ask the worker for the 18-digit number on their second-generation card")
	}
	if len(n) != 18 {
		return fail(RefuseLength, "an identity number has 18 characters, this one has %d", utf8.RuneCountInString(n))
	}
	if !allDigits(n[:17]) || !(n[17] == 'X' || (n[17] >= '0' && n[17] <= '9')) {
		return fail(RefuseFormat, "an identity number is 17 digits and a final digit or X")
	}
	if !provinces[n[:2]] {
		return fail(RefuseRegion, "the first six digits, %s, are not a region code", n[:6])
	}
	birth, err := time.Parse("20060102", n[6:14])
	if err != nil {
		return fail(RefuseBirthDate, "digits 7–14, %s, are not a real birth date (YYYYMMDD)", n[6:14])
	}
	bd := NewDate(birth.Year(), birth.Month(), birth.Day())
	if bd.After(today) || birth.Year() < 1800 {
		return fail(RefuseBirthDate, "the birth date %s is impossible", bd.String())
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(n[i]-'0') * idWeights[i]
	}
	if want := idCheckChars[sum%11]; n[17] != want {
		return fail(RefuseChecksum, "the last character should be %c, not %c: the number has a typing error", want, n[17])
	}
	return ResidentID{Number: n, Region: n[:6], BirthDate: bd, Male: (n[16]-'0')%2 == 1}, nil
}

// NormaliseDigits strips spaces (ASCII and full-width) and turns full-width
// digits and letters (０-９, Ｘ) into ASCII, as spreadsheets and Chinese input
// methods produce them.
func NormaliseDigits(s string) string {
	clean := true // the usual case: plain ASCII with no spaces, returned as it is
	for i := 0; i < len(s) && clean; i++ {
		clean = s[i] < 0x80 && s[i] != ' ' && s[i] != '\t'
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u3000' || r == '\t' || r == '\u00a0':
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r >= 'Ａ' && r <= 'Ｚ':
			b.WriteRune('A' + (r - 'Ａ'))
		case r >= 'ａ' && r <= 'ｚ':
			b.WriteRune('a' + (r - 'ａ'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CheckBankCard validates a bank card number: 16 to 19 digits with a valid
// Luhn check digit. It returns the normalised digits.
func CheckBankCard(s string) (string, *FieldError) {
	n := NormaliseDigits(s)
	fail := func(code Refusal, format string, args ...any) (string, *FieldError) {
		f := code.Atf(0, "bank_card", format, args...)
		return "", &f
	}
	if !allDigits(n) || n == "" {
		return fail(RefuseFormat, "a bank card number is digits only")
	}
	if len(n) < 16 || len(n) > 19 {
		return fail(RefuseLength, "a bank card number has 16 to 19 digits, this one has %d", len(n))
	}
	if !luhn(n) {
		return fail(RefuseChecksum, "the card number's check digit is wrong (Luhn): the number has a typing error")
	}
	return n, nil
}

func luhn(n string) bool {
	sum := 0
	double := false
	for i := len(n) - 1; i >= 0; i-- {
		d := int(n[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// CheckMobile validates a mainland mobile number: 11 digits starting with 1
// and a second digit 3–9; a +86 or 0086 prefix is removed.
func CheckMobile(s string) (string, *FieldError) {
	n := NormaliseDigits(s)
	n = strings.TrimPrefix(strings.TrimPrefix(n, "+86"), "0086")
	if len(n) != 11 || !allDigits(n) || n[0] != '1' || n[1] < '3' {
		f := RefuseFormat.At(0, "phone", "a mobile number has 11 digits starting 13–19")
		return "", &f
	}
	return n, nil
}

// nameDots maps the dots input methods produce to the one canonical middle
// dot. Built once: building a Replacer cost more than checking the name.
var nameDots = strings.NewReplacer("•", "·", "．", "·", "・", "·")

// CheckName trims a person's name and checks it: 2 to 40 characters of
// Chinese or Latin letters, with the middle dot of minority and foreign names
// (阿卜杜拉·买买提) and single spaces between Latin words.
func CheckName(s string) (string, *FieldError) {
	n := strings.TrimSpace(strings.ReplaceAll(s, "\u3000", " "))
	n = nameDots.Replace(n)
	fail := func(code Refusal, format string, args ...any) (string, *FieldError) {
		f := code.Atf(0, "name", format, args...)
		return "", &f
	}
	count := utf8.RuneCountInString(n)
	if count < 2 || count > 40 {
		return fail(RefuseLength, "a name has 2 to 40 characters")
	}
	prev := rune(0)
	for _, r := range n {
		ok := unicode.Is(unicode.Han, r) || (r < 0x250 && unicode.IsLetter(r)) || r == '·' || r == ' '
		if !ok {
			return fail(RefuseCharacters, "a name has Chinese or Latin letters only (and · between the parts of a minority name)")
		}
		if (r == '·' || r == ' ') && (prev == '·' || prev == ' ' || prev == 0) {
			return fail(RefuseCharacters, "a name cannot start with, or repeat, a dot or space")
		}
		prev = r
	}
	if prev == '·' {
		return fail(RefuseCharacters, "a name cannot end with a dot")
	}
	return n, nil
}

// CompleteResidentID appends the check character to 17 digits; demo data,
// benchmarks and tests use it to make valid numbers.
func CompleteResidentID(first17 string) string {
	sum := 0
	for i := 0; i < 17 && i < len(first17); i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return first17 + string(idCheckChars[sum%11])
}

// CompleteBankCard appends the Luhn check digit to a card number's other digits.
func CompleteBankCard(digits string) string {
	for d := byte('0'); d <= '9'; d++ {
		if luhn(digits + string(d)) {
			return digits + string(d)
		}
	}
	return digits
}
