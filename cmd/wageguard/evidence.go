package main

import (
	"context"
	"crypto/ed25519"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/config"
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

// evidenceVerify checks an evidence bundle: the archive's and the
// manifest's signatures, every file's SHA-256, offline; and that the key
// that signed it is the service's: the one given with --public-key (the
// key the service publishes), or the server's own from its secret key file
// when one is configured. A bundle signed with any other key, or checked
// with no key to trust, is refused: anyone can sign an altered bundle with
// a key of their own and name that key in it.
func (m *Main) evidenceVerify(args []string) error {
	var keyText, sigFile string
	cfg, rest, err := m.flags("evidence verify", reorder(args), func(fs *flag.FlagSet) {
		fs.StringVar(&keyText, "public-key", "", "the public key to check the signatures against (base64, from `wageguard evidence key` or /api/v1/evidence/key); without it, the server's own key from --secret-key-file")
		fs.StringVar(&sigFile, "sig", "", "the bundle's detached signature (FILE.sig, or the Evidence-Signature header saved to a file), checked over every byte of FILE")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"usage: wageguard evidence verify FILE [--public-key KEY | --secret-key-file FILE] [--sig FILE.sig]"}
	}
	b, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	rep, err := evidence.Verify(b, nil)
	if err != nil {
		return ledger.Errorf(ledger.EConflict, "NOT VERIFIED: %s", err)
	}
	trusted, from, err := m.evidenceTrust(cfg, keyText, rep.Manifest.Key.Version)
	if err != nil {
		return err
	}
	if rep, err = evidence.Verify(b, trusted); err != nil {
		return ledger.Errorf(ledger.EConflict, "NOT VERIFIED: %s", err)
	}
	if sigFile != "" {
		sig, err := os.ReadFile(sigFile)
		if err != nil {
			return err
		}
		if err := evidence.VerifyDetached(b, string(sig), trusted); err != nil {
			return ledger.Errorf(ledger.EConflict, "NOT VERIFIED: %s", err)
		}
	}
	if databaseGiven(args, m.Getenv) {
		if err := m.evidenceHeadsHeld(cfg, rep.Manifest.AuditHeads); err != nil {
			return err
		}
	}
	m.printVerified(rep.Manifest)
	if databaseGiven(args, m.Getenv) {
		m.say(m.Stdout, "the audit trail holds every chain head the manifest records\n")
	}
	if sigFile != "" {
		m.say(m.Stdout, "the detached signature %s verifies every byte of the file\n", sigFile)
	}
	m.say(m.Stdout, from, rep.PublicKey)
	return nil
}

// evidenceTrust is the key a bundle must be signed with, and how to say
// where it came from: --public-key, else the server's key of the bundle's
// version from the secret key file. With neither the bundle is UNTRUSTED.
func (m *Main) evidenceTrust(cfg config.Config, keyText string, version int) (ed25519.PublicKey, string, error) {
	if keyText != "" {
		k, err := evidence.ParsePublicKey(keyText)
		if err != nil {
			return nil, "", usageError{err.Error()}
		}
		return k, "signed by the given key %s\n", nil
	}
	ring, err := m.loadKeyFile(cfg, keyIfPresent)
	if err != nil {
		return nil, "", err
	}
	if ring == nil {
		return nil, "", ledger.Errorf(ledger.EConflict, "UNTRUSTED: nothing says whose key signed the bundle: pass the key the service publishes with --public-key, or the server's --secret-key-file")
	}
	seed, ok := ring.KeyAt(identity.PurposeEvidence, version)
	if !ok {
		return nil, "", ledger.Errorf(ledger.EConflict, "UNTRUSTED: the bundle names key version %d, which the secret key file does not hold", version)
	}
	return ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), "signed by the server's own key %s\n", nil
}

// databaseGiven reports whether the database was named, with
// --database-url or WAGEGUARD_DATABASE_URL, rather than left to the default:
// a bundle is checked against its audit trail only when asked, so that an
// arbitrator's offline check needs nothing but the file and the key.
func databaseGiven(args []string, getenv func(string) string) bool {
	for _, a := range args {
		if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && name == "database-url" {
			return true
		}
	}
	return getenv("WAGEGUARD_DATABASE_URL") != ""
}

// evidenceHeadsHeld checks that the database's audit trail holds every
// chain head a bundle's manifest records (API.md: verify checks chain
// heads). A head it does not hold means the bundle was not made from this
// trail, or its heads were altered and the bundle signed again.
func (m *Main) evidenceHeadsHeld(cfg config.Config, heads []evidence.Head) error {
	ctx := context.Background()
	db, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	missing, err := m.service(db, nil, m.logger(cfg)).EvidenceHeadsNotHeld(ctx, heads)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		h := missing[0]
		return ledger.Errorf(ledger.EConflict, "NOT VERIFIED: the audit trail holds no record %d of chain %s with hash %s, which the manifest records (%d {head|heads} not held)",
			h.Seq, h.Chain, h.Hash, len(missing))
	}
	return nil
}

// printVerified says what a bundle that verified holds.
func (m *Main) printVerified(man evidence.Manifest) {
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
}

// evidenceExport makes an evidence bundle from the shell, as the API does
// for an inspector: a worker's (--project, --worker, --from, --to) or a
// complaint's (--complaint, and --from/--to or the complaint's months),
// written to --out with its detached signature beside it in --out.sig.
// The export is audited as the CLI's. Neither file is overwritten.
func (m *Main) evidenceExport(ctx context.Context, args []string) error {
	var project, worker, complaint, from, to, out string
	cfg, _, err := m.flags("evidence export", args, func(fs *flag.FlagSet) {
		fs.StringVar(&project, "project", "", "the worker's project (with --worker)")
		fs.StringVar(&worker, "worker", "", "the worker's enrolment (enr_…)")
		fs.StringVar(&complaint, "complaint", "", "a complaint (cmp_…): every worker it names or matches")
		fs.StringVar(&from, "from", "", "the first month, YYYY-MM")
		fs.StringVar(&to, "to", "", "the last month, YYYY-MM")
		fs.StringVar(&out, "out", "", "the ZIP to write; its detached signature goes to the same name with .sig added")
	})
	if err != nil {
		return err
	}
	if out == "" || (complaint == "") == (worker == "") || (worker != "" && project == "") {
		return usageError{"usage: wageguard evidence export (--project ID --worker ENR --from YYYY-MM --to YYYY-MM | --complaint ID [--from --to]) --out FILE"}
	}
	ring, err := m.loadKeyFile(cfg, keyIfPresent)
	if err != nil {
		return err
	}
	if ring == nil {
		return usageError{"evidence export signs with the secret key file: --secret-key-file FILE"}
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := m.service(db, ring, m.logger(cfg))
	ctx = service.WithCaller(ctx, service.CLI)
	var b []byte
	if complaint != "" {
		b, err = svc.ComplaintEvidenceBundle(ctx, complaint, from, to)
	} else {
		b, err = svc.EvidenceBundle(ctx, project, worker, from, to)
	}
	if err != nil {
		return err
	}
	if err := writeNew(out, b); err != nil {
		return err
	}
	if err := writeNew(out+".sig", []byte(svc.SignEvidence(b)+"\n")); err != nil {
		return err
	}
	m.say(m.Stdout, "wrote %s (%d {byte|bytes}) and its detached signature %s\n", out, len(b), out+".sig")
	return nil
}

// writeNew writes a file that must not exist yet.
func writeNew(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	return f.Close()
}
