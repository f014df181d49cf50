package httpapi

import (
	"encoding/json"

	"github.com/wageguard/wageguard/ledger"
)

// jsonSyntaxError is the problem of a body the decoder could not read as
// JSON: where (the byte) and what it found there, in words
// (ledger.JSONSyntaxMsg); the decoder's own English never reaches a
// problem's detail.
func jsonSyntaxError(syn *json.SyntaxError) error {
	return malformed("the request body is not valid JSON at byte %d: %s", syn.Offset, ledger.JSONSyntaxMsg(syn.Error()))
}
