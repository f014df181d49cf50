package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// keyingMigration names the migration that keys the audit trail: the run
// that applies it attests the chains linked before (their legacy prefix).
const keyingMigration = "_secrets"

// attestOnUpgrade runs, in the run that applies the migration keying the
// audit trail, what needs the key file: it attests the head of every chain
// linked before, whose bare-hashed records then verify up to there and no
// further, and fills the region code of every identity from its encrypted
// number (keys nil: none configured yet, nothing to fill).
func (m *Main) attestOnUpgrade(ctx context.Context, db *store.DB, keys *identity.Keyring, applied []string, log *slog.Logger) error {
	upgraded := false
	for _, a := range applied {
		upgraded = upgraded || strings.HasSuffix(a, keyingMigration)
	}
	if !upgraded {
		return nil
	}
	n, err := db.AttestLegacyChains(ctx)
	if err != nil {
		return err
	}
	filled, err := m.service(db, keys, log).FillRegionCodes(ctx)
	if err != nil {
		return err
	}
	if log != nil && n+filled > 0 {
		log.Info("keyed the audit trail and filled the identities' region codes", "chains_attested", n, "identities", filled)
	}
	return nil
}

func (m *Main) auditVerify(ctx context.Context, args []string) error {
	var file string
	own := func(fs *flag.FlagSet) {
		fs.StringVar(&file, "checkpoints", "", "a file `audit checkpoint` wrote: every chain must still hold what each checkpoint saw")
	}
	return m.withDB(ctx, "audit verify", args, own, func(db *store.DB) error {
		checkpoints, err := readCheckpoints(file)
		if err != nil {
			return err
		}
		// Records queued by changes that committed are sealed first, exactly
		// as a running server would, so that the whole trail is checked.
		n, err := db.SealAudit(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			m.say(m.Stdout, "sealed %d queued {record|records} into their chains\n", n)
		}
		return m.printAuditReport(db.VerifyAudit(ctx, checkpoints...))
	})
}

func (m *Main) printAuditReport(rep *store.AuditReport, err error) error {
	if err != nil {
		return err
	}
	m.say(m.Stdout, "checked %d {record|records} in %d {chain|chains}\n", rep.Records, rep.Chains)
	if rep.Checkpoints > 0 {
		m.say(m.Stdout, "checked %d signed {checkpoint|checkpoints}\n", rep.Checkpoints)
	}
	for _, p := range rep.Problems {
		m.say(m.Stdout, "BROKEN %s\n", p.Msg())
	}
	if n := len(rep.Problems); n > 0 {
		return ledger.NewError(ledger.EConflict, ledger.Plural(n, "the audit trail was tampered with: %d problem", "the audit trail was tampered with: %d problems", n))
	}
	m.say(m.Stdout, "ok: every chain is intact\n")
	return nil
}

// auditCheckpoint appends a signed checkpoint of every chain head to a file
// the operator keeps apart from the database (another machine, write-once
// storage): `audit verify --checkpoints FILE` then proves that no chain was
// cut back, dropped or rewritten since.
func (m *Main) auditCheckpoint(ctx context.Context, args []string) error {
	var out string
	own := func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "the file to append the checkpoint to (created 0600)")
	}
	return m.withDB(ctx, "audit checkpoint", args, own, func(db *store.DB) error {
		if out == "" {
			return usageError{"--out is required"}
		}
		if !db.AuditKeyed() {
			return errors.New("a checkpoint is signed with the secret key file: configure it (--secret-key-file)")
		}
		if _, err := db.SealAudit(ctx); err != nil {
			return err
		}
		c, err := db.SignAuditCheckpoint(ctx)
		if err != nil {
			return err
		}
		line, err := json.Marshal(c)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		if _, err := f.Write(append(line, '\n')); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "checkpoint of %d chains at %s appended to %s; public key (version %d): %s\n",
			len(c.Heads), c.At.Format("2006-01-02T15:04:05Z"), out, c.KeyVersion, c.PublicKey)
		return nil
	})
}

// readCheckpoints reads the checkpoints a file holds, one JSON object a
// line; none when file is "".
func readCheckpoints(file string) ([]ledger.Checkpoint, error) {
	if file == "" {
		return nil, nil
	}
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ledger.Errorf(ledger.ENotFound, "there is no checkpoint file %s", file)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ledger.Checkpoint
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c ledger.Checkpoint
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "%s, line %d: not a checkpoint: %s", file, n, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "%s holds no checkpoint", file)
	}
	return out, nil
}
