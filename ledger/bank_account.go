package ledger

import "strings"

// BankAccountKind says what a worker's wages are paid into. REG Art. 31 asks
// for the worker's own bank account: usually a debit card, whose number
// carries a Luhn check digit, but a Type II account or a passbook number
// need not carry one.
type BankAccountKind string

// Bank account kinds; a card unless the clerk says otherwise.
const (
	PaidToCard    BankAccountKind = "card"
	PaidToAccount BankAccountKind = "account"
)

// CheckBankAccountKind reads the kind as a clerk writes it: card (卡) when
// not given, or account (账户, 存折).
func CheckBankAccountKind(s string) (BankAccountKind, *FieldError) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", string(PaidToCard), "卡", "银行卡", "借记卡":
		return PaidToCard, nil
	case string(PaidToAccount), "账户", "帐户", "账号", "存折", "passbook", "二类账户", "ii类账户":
		return PaidToAccount, nil
	}
	f := RefuseUnknown.At(0, "account_kind", "account_kind is card (卡) or account (账户: a Type II account or passbook)")
	return "", &f
}

// Account numbers that are not cards are 10 to 30 digits: the national
// platform's wage-account field holds 30.
const (
	minAccountDigits = 10
	maxAccountDigits = 30
)

// CheckBankAccount validates the number wages are paid into: a card is
// Luhn-checked (CheckBankCard); an account is digits only, 10 to 30 of
// them, with no check digit to verify. It returns the normalised digits.
func CheckBankAccount(s string, kind BankAccountKind) (string, *FieldError) {
	if kind != PaidToAccount {
		return CheckBankCard(s)
	}
	n := NormaliseDigits(s)
	fail := func(code Refusal, format string, args ...any) (string, *FieldError) {
		f := code.Atf(0, "bank_card", format, args...)
		return "", &f
	}
	if !allDigits(n) || n == "" {
		return fail(RefuseFormat, "an account number is digits only")
	}
	if len(n) < minAccountDigits || len(n) > maxAccountDigits {
		return fail(RefuseLength, "an account number has 10 to 30 digits, this one has %d", len(n))
	}
	return n, nil
}

// Wage accounts (a project's dedicated account, 农民工工资专用账户) are 8 to
// 34 digits.
const (
	minWageAccountDigits = 8
	maxWageAccountDigits = 34
)

// NormaliseWageAccountNo reads a wage account number by its own grammar and
// returns its digits alone, the one form that is stored and compared:
// "1100-0000-0000-0001", "1100 0000 0000 0001" and "1100000000000001" are
// one account (issue 16, item 14: the punctuated form passed the
// uniqueness check beside the plain one). Digits may be grouped by single
// hyphens or spaces between digits; full-width digits read as ASCII. A
// number that starts or ends with a separator, doubles one, or holds
// anything else ("-1100000009", "--------", "=1+1") is refused (item 7).
func NormaliseWageAccountNo(s string) (string, bool) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－':
			return '-'
		case r == '\u3000' || r == '\u00a0':
			return ' '
		}
		return r
	}, s))
	var b strings.Builder
	b.Grow(len(s))
	prevDigit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
			prevDigit = true
		case (c == '-' || c == ' ') && prevDigit && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			prevDigit = false
		default:
			return "", false
		}
	}
	n := b.String()
	return n, len(n) >= minWageAccountDigits && len(n) <= maxWageAccountDigits
}
