// Package identity protects identity numbers and bank card numbers: AES-256-GCM
// encryption at rest with the key version stored beside each ciphertext, an
// HMAC-SHA256 blind index for exact lookups, and masking for display. Every
// key comes from one secret key file (keyfile.go), derived per purpose and per
// version (keyring.go); the database records each version's check value, and
// check.go decides whether a key file belongs to a database. Nothing here logs
// or returns a number in the clear except Decrypt.
package identity

import (
	"strings"
	"unicode/utf8"
)

// MaskID shows the first 4 and last 4 characters of an identity number:
// 11010519491231002X → 1101**********002X.
func MaskID(id string) string {
	n := utf8.RuneCountInString(id)
	if n <= 8 {
		return strings.Repeat("*", n)
	}
	r := []rune(id)
	return string(r[:4]) + strings.Repeat("*", n-8) + string(r[n-4:])
}

// MaskCard shows the first 4 and last 4 digits of a card in groups:
// 6222021234567890123 → 6222 **** **** 0123.
func MaskCard(card string) string {
	if len(card) <= 8 {
		return strings.Repeat("*", len(card))
	}
	return card[:4] + " **** **** " + card[len(card)-4:]
}

// MaskPhone hides the middle four digits of a mobile number (checked, eleven
// digits): 13812345678 → 138****5678. A shorter string is hidden whole.
func MaskPhone(phone string) string {
	if len(phone) < 11 {
		return strings.Repeat("*", len(phone))
	}
	return phone[:3] + "****" + phone[7:]
}
