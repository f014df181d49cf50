package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// RotationOptions tunes a key rotation.
type RotationOptions struct {
	// BatchRows is how many rows one transaction moves; 1,000 when 0.
	BatchRows int
	// MaxBatches stops the run after that many batches (0: run to the end);
	// the next run resumes where it stopped.
	MaxBatches int
	// Progress, when set, is told each batch's table and the rows moved so far in it.
	Progress func(table string, rows int64)
}

// RotationReport says what a rotation run did.
type RotationReport struct {
	From, To int
	Rows     int64 // rows rewritten by this run
	Finished bool  // every record is under To, which is now current
}

// rotationPasses bounds the sweeps a rotation makes: a second one moves rows
// a server still on the old key wrote after the first had passed them.
const rotationPasses = 3

// StartSecretKeyRotation records version to, which s.Identity must hold, as
// the target of a rotation: from now on the database needs it to start.
func (s *Service) StartSecretKeyRotation(ctx context.Context, to int) error {
	check, ok := s.Identity.CheckValue(to)
	if !ok {
		return fmt.Errorf("service: the key file holds no version %d", to)
	}
	return s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.RecordSecretKey(tx, store.SecretKey{Version: to, CheckValue: check, State: store.SecretKeyRotating}); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "secret_key.rotation.start", secretKeySubject(to), ledger.M("check value %s", check), nil)
	})
}

func secretKeySubject(version int) string { return fmt.Sprintf("secret_key/%d", version) }

// RotateSecretKey moves every ciphertext and blind index from version from
// to version to, table by table, in batches of one transaction each that
// record how far they came; run again it resumes there. When every record is
// under to, to becomes current and from is retired, in one transaction with
// its audit record. s.Identity must hold both versions. The audit trail is
// not touched: its hashes cover no ciphertext.
func (s *Service) RotateSecretKey(ctx context.Context, from, to int, opts RotationOptions) (*RotationReport, error) {
	if !s.Identity.Has(from) || !s.Identity.Has(to) {
		return nil, fmt.Errorf("service: a rotation from version %d to %d needs both in the key file", from, to)
	}
	if err := s.checkRotationRecorded(ctx, from, to); err != nil {
		return nil, err
	}
	if opts.BatchRows <= 0 {
		opts.BatchRows = 1000
	}
	rep := &RotationReport{From: from, To: to}
	batches := 0
	for pass := 0; pass < rotationPasses; pass++ {
		progress, err := store.RotationProgress(s.DB.Reader(ctx), to)
		if err != nil {
			return nil, err
		}
		for _, t := range store.SealedTables {
			step := progress[t.Name]
			step.Table = t.Name
			for !step.Finished {
				if opts.MaxBatches > 0 && batches == opts.MaxBatches {
					return rep, nil
				}
				next, moved, err := s.rotateBatch(ctx, t, step, to, opts.BatchRows)
				if err != nil {
					return nil, err
				}
				step, batches, rep.Rows = next, batches+1, rep.Rows+int64(moved)
				if opts.Progress != nil {
					opts.Progress(t.Name, step.Rows)
				}
			}
		}
		left, err := s.restartTablesNotAt(ctx, to)
		if err != nil {
			return nil, err
		}
		if left == 0 {
			return rep, s.finishRotation(ctx, from, to, rep)
		}
	}
	return nil, fmt.Errorf("service: rows under the old key keep appearing after %d passes: stop every wageguard server still running with the old key file, then run the rotation again", rotationPasses)
}

// checkRotationRecorded refuses a rotation the database does not record:
// from current, to the target of a rotation (StartSecretKeyRotation).
func (s *Service) checkRotationRecorded(ctx context.Context, from, to int) error {
	recorded, err := s.DB.SecretKeys(ctx)
	if err != nil {
		return err
	}
	var fromCurrent, toRotating bool
	for _, r := range recorded {
		fromCurrent = fromCurrent || (r.Version == from && r.State == store.SecretKeyCurrent)
		toRotating = toRotating || (r.Version == to && r.State == store.SecretKeyRotating)
	}
	if !fromCurrent || !toRotating {
		return fmt.Errorf("service: the database records no rotation from key version %d to %d", from, to)
	}
	return nil
}

// rotateBatch moves the batch after step in one transaction and records the
// step it reached.
func (s *Service) rotateBatch(ctx context.Context, t store.SealedTable, step store.RotationStep, to, limit int) (store.RotationStep, int, error) {
	var next store.RotationStep
	var moved int
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		after, err := step.After()
		if err != nil {
			return err
		}
		rows, err := store.ReadSealedRows(tx, t, after, limit)
		if err != nil {
			return err
		}
		changed, err := reseal(s.Identity, t, rows, to)
		if err != nil {
			return err
		}
		if err := store.WriteSealedRows(tx, t, changed); err != nil {
			return err
		}
		next, moved = step, len(changed)
		next.Rows += int64(len(changed))
		next.Finished = len(rows) < limit
		if len(rows) > 0 {
			next.SetAfter(rows[len(rows)-1].Key)
		}
		return store.SaveRotationStep(tx, to, next)
	})
	return next, moved, err
}

// reseal opens each value of rows and seals it again under version to, with
// its blind index recomputed under to; it returns the rows it changed. A row
// whose blind index does not match its own value under the version it was
// sealed with stops the rotation: recomputing it would hide the damage.
func reseal(keys *identity.Keyring, t store.SealedTable, rows []store.SealedRow, to int) ([]store.SealedRow, error) {
	var changed []store.SealedRow
	for _, r := range rows {
		touched := false
		for j, f := range t.Fields {
			enc := r.Enc[j]
			if enc == "" {
				continue
			}
			v, ok := identity.CiphertextVersion(enc)
			if !ok && f.MayBeClear && (enc[0] == '{' || enc[0] == '[') {
				v = -1 // stored in the clear by an earlier build: sealed now
			} else if !ok {
				return nil, fmt.Errorf("service: %s %s: the %s ciphertext is damaged", t.Name, strings.Join(r.Key, "/"), f.Enc)
			}
			if v == to {
				continue
			}
			aad := r.AAD[j]
			plain, err := enc, error(nil)
			if v != -1 {
				plain, err = keys.Decrypt(enc, aad)
			}
			if err != nil {
				return nil, fmt.Errorf("service: %s %s, %s: %w", t.Name, strings.Join(r.Key, "/"), f.Enc, err)
			}
			if f.Index != "" && r.Index[j] != "" {
				if r.Index[j] != keys.IndexAt(v, aad, plain) {
					return nil, fmt.Errorf("service: %s %s: %s does not match the value it indexes; the rotation stopped, nothing of this batch changed", t.Name, strings.Join(r.Key, "/"), f.Index)
				}
				r.Index[j] = keys.IndexAt(to, aad, plain)
			}
			if r.Enc[j], err = keys.EncryptAt(to, plain, aad); err != nil {
				return nil, err
			}
			touched = true
		}
		if touched {
			changed = append(changed, r)
		}
	}
	return changed, nil
}

// restartTablesNotAt counts, table by table, the rows still sealed under
// another version than to, and sends the rotation through those tables again.
func (s *Service) restartTablesNotAt(ctx context.Context, to int) (int64, error) {
	var total int64
	for _, t := range store.SealedTables {
		n, err := store.CountSealedNotAt(s.DB.Reader(ctx), t, s.Identity.KeyID(to))
		if err != nil {
			return 0, err
		}
		if n == 0 {
			continue
		}
		total += n
		s.Log.Warn("rows under the old key appeared during the rotation: sweeping the table again", "table", t.Name, "rows", n)
		err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
			return store.SaveRotationStep(tx, to, store.RotationStep{Table: t.Name})
		})
		if err != nil {
			return 0, err
		}
	}
	return total, nil
}

func (s *Service) finishRotation(ctx context.Context, from, to int, rep *RotationReport) error {
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.FinishSecretKeyRotation(tx, from, to); err != nil {
			return err
		}
		// The audit trail stays keyed with the retired version up to here:
		// its key is kept, sealed under the new one, for verification.
		if err := store.KeepAuditKey(tx, s.Identity, from, to); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "secret_key.rotation.finish", secretKeySubject(to), ledger.M("version %d retired", from), nil)
	})
	rep.Finished = err == nil
	return err
}

// RecordSecretKey records the check value of the key a database is first
// used with: from then on, no other key file is accepted.
func (s *Service) RecordSecretKey(ctx context.Context, version int, check string) error {
	return s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.RecordSecretKey(tx, store.SecretKey{Version: version, CheckValue: check, State: store.SecretKeyCurrent}); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "secret_key.record", secretKeySubject(version), ledger.M("check value %s", check), nil)
	})
}

// AbandonSecretKeyRotation forgets a rotation to version to whose secret
// never reached the key file (the rotation stopped between recording the
// version and writing the file): it refuses if anything is sealed under it.
func (s *Service) AbandonSecretKeyRotation(ctx context.Context, to int) error {
	return s.DB.WithTx(ctx, func(tx *store.Tx) error {
		for _, t := range store.SealedTables {
			n, err := store.CountSealedAt(tx, t, fmt.Sprintf("v%d", to))
			if err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%d rows of %s are sealed under key version %d, which the key file does not hold: restore the key file that holds it from your backup", n, t.Name, to)
			}
		}
		if err := store.DeleteSecretKeyRotation(tx, to); err != nil {
			return err
		}
		return audit(tx, ledger.OrgChain, "secret_key.rotation.abandon", secretKeySubject(to), ledger.M("its secret never reached the key file"), nil)
	})
}
