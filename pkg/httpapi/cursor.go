package httpapi

import (
	"encoding/base64"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// Cursors are opaque to clients: the last ID of the previous page, encoded
// with a version so the format can change without breaking old cursors.
func encodeCursor(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + lastID))
}

func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "v1:") {
		return "", &ledger.Error{Code: ledger.EInvalid, Message: "bad list parameters", Fields: []ledger.FieldError{{
			Field: "cursor", Code: "invalid", Message: "cursor is not one this server gave out"}}}
	}
	return strings.TrimPrefix(string(b), "v1:"), nil
}
