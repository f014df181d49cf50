package payrollfile

import (
	"regexp"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

var scientific = regexp.MustCompile(`^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$`)

// Damage recognises the classic harm a spreadsheet does to long numbers and
// explains it in a clerk's words. field is "id_number" or "bank_card"; the
// returned error is nil when the value shows no such damage.
func Damage(field, raw string) *ledger.FieldError {
	v := strings.TrimSpace(ledger.NormaliseDigits(raw))
	what := map[string]ledger.Msg{"id_number": ledger.M("ID number"), "bank_card": ledger.M("card number")}[field]
	if scientific.MatchString(v) {
		f := ledger.FieldErrorf(0, field, "spreadsheet_number",
			"the %s was turned into a number by the spreadsheet (%s): its last digits are lost. Format the column as Text, type the number again, and save", what, raw)
		return &f
	}
	// Excel keeps 15 significant digits: an 18- or 19-digit number stored as
	// a number comes back with its last digits replaced by zeros.
	if (len(v) == 18 || len(v) == 19) && allDigits(v) && strings.HasSuffix(v, "000") {
		if field == "id_number" {
			if _, err := ledger.CheckResidentID(v, ledger.NewDate(9999, 1, 1)); err == nil {
				return nil
			}
		} else if _, err := ledger.CheckBankCard(v); err == nil {
			return nil
		}
		f := ledger.FieldErrorf(0, field, "spreadsheet_zeroed",
			"the %s ends in zeros that fail its check (%s…%s): a spreadsheet stored it as a number and zeroed the digits after the 15th. Format the column as Text and type the number again", what, v[:4], v[len(v)-4:])
		return &f
	}
	if strings.HasSuffix(v, ".0") && allDigits(strings.TrimSuffix(v, ".0")) {
		f := ledger.FieldErrorf(0, field, "spreadsheet_number", "the %s was stored as a number (it ends in .0): format the column as Text and type it again", what)
		return &f
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
