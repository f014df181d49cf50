package ledger

import (
	"encoding/json"
	"strings"
	"testing"
)

// A truncated policy file is reported where it ends, not at byte 0; a
// syntax fault the decoder words some other way is not called an early end;
// the kind of value found is always one the catalogue words.
func TestJSONFaultsSayWhereAndWhat(t *testing.T) {
	doc := `{"rules": [`
	var v policyFile
	if got := JSONDecodeMsg(decodeStrict([]byte(doc), &v)).String(); got != "not valid JSON at byte 11: it ends too early" {
		t.Errorf("a truncated document: %q", got)
	}
	if got := JSONSyntaxMsg("some other fault").String(); strings.Contains(got, "too early") {
		t.Errorf("another syntax fault: %q", got)
	}
	var n struct{ N int }
	err := json.Unmarshal([]byte(`{"N": 1e999}`), &n)
	if got := JSONDecodeMsg(err); got.Key != "%s must be a %s, got a JSON %s" || got.Args[2].(Msg).Key != "json.kind.number" {
		t.Errorf("a number too big: %#v (%v)", got, err)
	}
}
