package main

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
)

// evidenceKey prints the public key that verifies the evidence bundles a
// server with this secret key file signs (its newest version's), as the
// server publishes it at /api/v1/evidence/key.
func (m *Main) evidenceKey(args []string) error {
	cfg, _, err := m.flags("evidence key", args, nil)
	if err != nil {
		return err
	}
	if cfg.KeyFile() == "" {
		return usageError{"evidence key needs the secret key file: --secret-key-file FILE"}
	}
	ring, err := identity.Load(cfg.KeyFile())
	if err != nil {
		return err
	}
	svc := service.New(nil, nil)
	svc.Identity = ring
	v, pub := svc.EvidencePublicKey()
	fmt.Fprintf(m.Stdout, "ed25519 version %d\n%s\n", v, evidence.PublicKeyText(pub))
	return nil
}

// evidenceVerify checks an evidence bundle offline: the archive's and the
// manifest's signatures, every file's SHA-256; against --public-key when
// given (the key the service publishes), else only against the key the
// bundle names, which it says.
func (m *Main) evidenceVerify(args []string) error {
	var keyText string
	fs := m.newFlagSet("evidence verify")
	fs.StringVar(&keyText, "public-key", "", "the public key to check the signatures against (base64, from `wageguard evidence key` or /api/v1/evidence/key)")
	if err := m.parseFlags(fs, reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: wageguard evidence verify FILE [--public-key KEY]"}
	}
	var trusted ed25519.PublicKey
	if keyText != "" {
		k, err := evidence.ParsePublicKey(keyText)
		if err != nil {
			return usageError{err.Error()}
		}
		trusted = k
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	rep, err := evidence.Verify(b, trusted)
	if err != nil {
		return ledger.Errorf(ledger.EConflict, "NOT VERIFIED: %s", err)
	}
	man := rep.Manifest
	if man.ComplaintID != "" {
		m.say(m.Stdout, "verified: complaint %s of project %s, %d {worker|workers} (%s), %s to %s, made %s\n", man.ComplaintID, man.ProjectID, len(man.EnrolmentIDs),
			strings.Join(man.EnrolmentIDs, ", "), man.From, man.To, man.GeneratedAt.Format("2006-01-02T15:04:05Z"))
	} else {
		m.say(m.Stdout, "verified: enrolment %s of project %s, %s to %s, made %s\n", man.EnrolmentID, man.ProjectID, man.From, man.To, man.GeneratedAt.Format("2006-01-02T15:04:05Z"))
	}
	for _, f := range man.Files {
		m.say(m.Stdout, "  %s  %s (%d {byte|bytes})\n", f.SHA256, f.Name, f.Bytes)
	}
	for _, h := range man.AuditHeads {
		m.say(m.Stdout, "  audit chain %s at %d: %s\n", h.Chain, h.Seq, h.Hash)
	}
	if rep.Trusted {
		m.say(m.Stdout, "signed by the given key %s\n", rep.PublicKey)
	} else {
		m.say(m.Stdout, "signed by the key the bundle names, %s: compare it with the key the service publishes, or pass --public-key\n", rep.PublicKey)
	}
	return nil
}
