package main

import (
	"fmt"
	"os"

	"github.com/wageguard/wageguard/ledger"
)

// loadPolicy reads the --policy file over the built-in national defaults; with
// no file, the defaults alone apply. A file that cannot be read, or that sets
// a value the law does not allow, stops the command before it starts: a
// server must never run on a policy it misread. The message names the
// entry, the key and why.
func loadPolicy(path string) (*ledger.Policy, error) {
	if path == "" {
		return ledger.DefaultPolicy(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy file: %w", err)
	}
	p, err := ledger.ParsePolicy(b)
	if err != nil {
		return nil, fmt.Errorf("policy file %s: %w", path, err)
	}
	return p, nil
}
