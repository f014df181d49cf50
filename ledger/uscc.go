package ledger

import "strings"

// usccAlphabet is GB 32100-2015's character set: digits and capital letters
// without I, O, S, V, Z; a character's value is its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckUSCC validates an 18-character unified social credit code (统一社会信用代码)
// and returns it normalised (trimmed, upper case). The error says which rule failed.
func CheckUSCC(s string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if n := len([]rune(code)); n != 18 {
		return "", Errorf(EInvalid, "a unified social credit code has 18 characters, this one has %d", n)
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(usccAlphabet, code[i])
		if v < 0 {
			if strings.IndexByte("IOSVZ", code[i]) >= 0 {
				return "", Errorf(EInvalid, "character %d, %q, is not used in credit codes (I, O, S, V and Z are left out)", i+1, code[i])
			}
			return "", Errorf(EInvalid, "character %d, %q, is not a digit or an allowed capital letter", i+1, string(code[i]))
		}
		if i < 17 {
			sum += v * usccWeights[i]
		} else {
			want := (31 - sum%31) % 31
			if v != want {
				return "", Errorf(EInvalid, "the check character is %q but should be %q: the code has a typing error", string(code[17]), string(usccAlphabet[want]))
			}
		}
	}
	// Characters 3–8 are the registering authority's division code. Only
	// their form is checked: organisations registered at the central level
	// carry 100000, which names no province, and the check character
	// already guards against typing errors.
	if !allDigits(code[2:8]) {
		return "", Errorf(EInvalid, "characters 3–8, %q, are not an administrative division code (six digits)", code[2:8])
	}
	return code, nil
}

// provinces are the first two digits of GB/T 2260 division codes, with 71
// (Taiwan) and 81, 82 (Hong Kong, Macau).
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// CheckRegionCode validates a 6-digit administrative division code (行政区划代码).
func CheckRegionCode(s string) error {
	if len(s) != 6 || !allDigits(s) {
		return Errorf(EInvalid, "region code %q is not 6 digits", clip(s))
	}
	if !provinces[s[:2]] {
		return Errorf(EInvalid, "region code %q does not start with a province code", s)
	}
	return nil
}

// RegionPrefix is the part of a division code that its sub-divisions share:
// a province 110000 covers 11…, a city 110100 covers 1101…, a district
// 110111 only itself. An authority sees the projects under its prefix.
func RegionPrefix(code string) string {
	switch {
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}
