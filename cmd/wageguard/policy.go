package main

import (
	"errors"
	"io/fs"
	"os"

	"github.com/wageguard/wageguard/ledger"
)

// loadPolicy reads the --policy file over the built-in national defaults; with
// no file, the defaults alone apply. A file that cannot be read, or that sets
// a value the law does not allow, stops the command before it starts: a
// server must never run on a policy it misread. The message names the
// entry, the key and why, in the user's language.
func loadPolicy(path string) (*ledger.Policy, error) {
	if path == "" {
		return ledger.DefaultPolicy(), nil
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, ledger.Errorf(ledger.EInvalid, "the policy file %s does not exist", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, ledger.Errorf(ledger.EInvalid, "the policy file %s cannot be read: this user may not read it", path)
	case err != nil:
		return nil, ledger.Errorf(ledger.EInvalid, "the policy file %s cannot be read", path)
	}
	p, err := ledger.ParsePolicy(b)
	var le *ledger.Error
	if errors.As(err, &le) {
		return nil, ledger.NewError(le.Code, ledger.M("policy file %s: %s", path, le.Msg()), le.Fields...)
	}
	return p, err
}
