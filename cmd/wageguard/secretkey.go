package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/config"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// The secret key file and the database must belong together: a database
// started with another key file (or a new one, the first being lost) would
// hold data nobody can read and register the same person twice. Every
// command that opens a database reconciles the two first (identity.Reconcile)
// and records the key's check value on its first use.

// keyNeed says what a command needs of the secret key file.
type keyNeed int

const (
	// keyIfPresent: the command neither encrypts nor looks up identities; a
	// key file is checked if there is one, and none is needed while the
	// database holds nothing encrypted and records no key.
	keyIfPresent keyNeed = iota
	// keyRequired: the command encrypts or looks identities up. Beside an
	// embedded database that holds nothing encrypted, a missing key file is
	// created.
	keyRequired
)

// loadKeyFile reads the configured key file; nil without error when there is
// none (keysFor then decides whether the database can do without). With
// PostgreSQL, a command that needs the key stops here, before the database is
// opened or migrated, when no key file is configured at all.
func (m *Main) loadKeyFile(cfg config.Config, need keyNeed) (*identity.Keyring, error) {
	path := cfg.KeyFile()
	if path == "" {
		if need == keyRequired && !cfg.IsEmbedded() {
			_, _, err := identity.LoadOrCreate(path, false)
			return nil, err
		}
		return nil, nil
	}
	k, err := identity.Load(path)
	if errors.Is(err, identity.ErrNoKeyFile) {
		return nil, nil
	}
	return k, err
}

// keysFor reconciles ring (from loadKeyFile) with db: it refuses a key file
// that is not the database's, a missing one for a database holding encrypted
// data, and for a command that needs the key an unfinished rotation. It
// returns the keyring set to the database's current version (nil when the
// command may run without) and what to record on the key's first use.
func (m *Main) keysFor(ctx context.Context, cfg config.Config, db *store.DB, ring *identity.Keyring, need keyNeed, log *slog.Logger) (*identity.Keyring, *identity.RecordedKey, error) {
	dbKeys, err := databaseKeys(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	path := cfg.KeyFile()
	if path == "" {
		path = "(none configured: --secret-key-file)"
	}
	v, err := identity.Reconcile(dbKeys, ring, path)
	if err != nil {
		return nil, nil, err
	}
	if v.NoKey {
		if need == keyIfPresent {
			return nil, nil, nil
		}
		if !cfg.IsEmbedded() { // PostgreSQL: every instance must share one file, made beforehand
			_, _, err := identity.LoadOrCreate(cfg.KeyFile(), false)
			return nil, nil, err
		}
		if ring, err = identity.Create(cfg.KeyFile()); err != nil {
			return nil, nil, err
		}
		log.Warn("created a new secret key file for identity numbers: back it up", "path", cfg.KeyFile())
		if v, err = identity.Reconcile(dbKeys, ring, path); err != nil {
			return nil, nil, err
		}
	}
	if need == keyRequired && v.Rotating {
		return nil, nil, ledger.Errorf(ledger.EConflict, "a rotation of the secret key to version %d is unfinished: run `wageguard keys rotate-secret` to finish it "+
			"(it resumes where it stopped) before anything else uses identity numbers", v.RotatingTo)
	}
	if err := ring.Use(v.Current); err != nil {
		return nil, nil, err
	}
	db.UseAuditKeys(ring)
	return ring, v.Record, nil
}

func databaseKeys(ctx context.Context, db *store.DB) (identity.DatabaseKeys, error) {
	recorded, err := db.SecretKeys(ctx)
	if err != nil {
		return identity.DatabaseKeys{}, err
	}
	sample, err := db.IdentitySample(ctx)
	if err != nil {
		return identity.DatabaseKeys{}, err
	}
	out := identity.DatabaseKeys{Sample: sample}
	for _, r := range recorded {
		out.Recorded = append(out.Recorded, identity.RecordedKey{Version: r.Version, CheckValue: r.CheckValue, State: identity.KeyState(r.State)})
	}
	return out, nil
}

// recordFirstUse records the key's check value when the database has none yet.
func (m *Main) recordFirstUse(ctx context.Context, db *store.DB, first *identity.RecordedKey, log *slog.Logger) error {
	if first == nil {
		return nil
	}
	// Records written before the database had a key (a `keys create` after
	// `migrate`) keep their bare hashes, attested now under the new key.
	if _, err := db.AttestLegacyChains(ctx); err != nil {
		return err
	}
	if err := m.service(db, nil, log).RecordSecretKey(service.WithCaller(ctx, service.CLI), first.Version, first.CheckValue); err != nil {
		// Instances started together on a new database race to record their
		// key: losing to one that recorded the same key is no failure.
		recorded, rerr := db.SecretKeys(ctx)
		if rerr == nil && len(recorded) == 1 && recorded[0].Version == first.Version && recorded[0].CheckValue == first.CheckValue {
			return nil
		}
		if rerr == nil && len(recorded) > 0 {
			return ledger.Errorf(ledger.EConflict, "another wageguard recorded a different secret key for this database at the same moment "+
				"(version %d, check value %s): every instance must use the same key file", recorded[0].Version, recorded[0].CheckValue)
		}
		return err
	}
	if log != nil {
		log.Info("recorded the secret key's check value in the database", "version", first.Version, "check_value", first.CheckValue)
	}
	return nil
}

// openWithKeys opens the database at this binary's schema with its secret
// key, for a command that encrypts or looks identities up.
func (m *Main) openWithKeys(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, *identity.Keyring, error) {
	ring, err := m.loadKeyFile(cfg, keyRequired)
	if err != nil {
		return nil, nil, err
	}
	db, err := m.openCurrent(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	keys, first, err := m.keysFor(ctx, cfg, db, ring, keyRequired, log)
	if err == nil {
		err = m.recordFirstUse(ctx, db, first, log)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, keys, nil
}

// keysCheck prints the versions a key file holds with their check values,
// to find among backups the file a database was made with.
func (m *Main) keysCheck(args []string) error {
	fs := m.newFlagSet("keys check")
	if err := m.parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: wageguard keys check FILE"}
	}
	k, err := identity.Load(fs.Arg(0))
	if errors.Is(err, identity.ErrNoKeyFile) {
		return ledger.Errorf(ledger.EInvalid, "the secret key file %s does not exist", fs.Arg(0))
	}
	if err != nil {
		return err
	}
	for _, n := range k.Versions() {
		c, _ := k.CheckValue(n)
		m.say(m.Stdout, "version %d: check value %s\n", n, c)
	}
	return nil
}

// keysRotateSecret moves every ciphertext and blind index to a new version
// of the secret. It records the new version in the database, adds it to the
// key file (the old one stays until the end), re-encrypts in batches that
// record their progress, then makes it current and leaves only it in the
// file. Interrupted, it is run again and resumes.
func (m *Main) keysRotateSecret(ctx context.Context, args []string) error {
	var batchRows, maxBatches int
	var wait time.Duration
	cfg, _, err := m.flags("keys rotate-secret", args, func(fs *flag.FlagSet) {
		fs.IntVar(&batchRows, "batch-rows", 1000, "rows re-encrypted per transaction")
		fs.IntVar(&maxBatches, "max-batches", 0, "stop after this many batches (0: run to the end); run again to resume")
		fs.DurationVar(&wait, "wait", 2*keyWatchInterval, "how long a new rotation waits, once recorded, for servers still running to notice it and stop")
	})
	if err != nil {
		return err
	}
	log := m.logger(cfg)
	if err := existingDatabase(cfg.DatabaseURL); err != nil {
		return err
	}
	path := cfg.KeyFile()
	ring, err := identity.Load(path)
	if err != nil {
		return ledger.Errorf(ledger.EConflict, "a rotation needs the current key file: %s", err)
	}
	db, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	ctx = service.WithCaller(ctx, service.CLI)
	if err := m.abandonUnwrittenRotation(ctx, db, ring, log); err != nil {
		return err
	}
	ring, first, err := m.keysFor(ctx, cfg, db, ring, keyIfPresent, log)
	if err == nil {
		err = m.recordFirstUse(ctx, db, first, log)
	}
	if err != nil {
		return err
	}
	from, to, started, ring, err := m.rotationTarget(ctx, db, path, ring, log)
	if err != nil {
		return err
	}
	if started && wait > 0 {
		m.say(m.Stderr, "recorded the rotation to key version %d; waiting %s for servers still running to notice it and stop\n", to, wait)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	svc := m.service(db, ring, log)
	m.say(m.Stderr, "rotating from key version %d to %d in batches of %d {row|rows}\n", from, to, batchRows)
	rep, err := svc.RotateSecretKey(ctx, from, to, service.RotationOptions{BatchRows: batchRows, MaxBatches: maxBatches,
		Progress: func(table string, rows int64) { log.Debug("rotation batch", "table", table, "rows", rows) }})
	if err != nil {
		return ledger.Errorf(ledger.EConflict, "the rotation stopped (run `wageguard keys rotate-secret` again to resume; the key file keeps both versions): %s", err)
	}
	if !rep.Finished {
		m.say(m.Stdout, "re-encrypted %d {row|rows} under version %d and stopped after %d {batch|batches}: run `wageguard keys rotate-secret` again to continue; "+
			"until it finishes, serve refuses to start and the key file must keep both versions\n", rep.Rows, to, maxBatches)
		return nil
	}
	only, err := ring.Only(to)
	if err == nil {
		err = identity.Replace(path, only)
	}
	if err != nil {
		return ledger.Errorf(ledger.EConflict, "the rotation finished, but the key file still holds the retired version beside the new one "+
			"(harmless: nothing uses it any more; the next rotation drops it): %s", err)
	}
	check, _ := only.CheckValue(to)
	m.say(m.Stdout, "rotated: %d {row|rows} re-encrypted; key version %d (check value %s) is current and %s holds only it. "+
		"Back the file up now. Keep the backup of the previous key file as long as you keep database backups taken before this rotation\n",
		rep.Rows, to, check, path)
	return nil
}

// rotationTarget returns the rotation to run: the unfinished one the
// database records, or a new version. A new version is recorded in the
// database first, which only one rotation can do at a time, and written to
// the key file next; nothing is sealed under it before both are done, so a
// rotation stopped between the two is forgotten by the next run
// (abandonUnwrittenRotation).
func (m *Main) rotationTarget(ctx context.Context, db *store.DB, path string, ring *identity.Keyring, log *slog.Logger) (from, to int, started bool, _ *identity.Keyring, _ error) {
	recorded, err := db.SecretKeys(ctx)
	if err != nil {
		return 0, 0, false, nil, err
	}
	from, highest := ring.Active(), ring.Newest()
	for _, r := range recorded {
		highest = max(highest, r.Version)
		if r.State == store.SecretKeyRotating {
			return from, r.Version, false, ring, nil
		}
	}
	if ring, to, err = ring.WithNewVersion(highest); err != nil {
		return 0, 0, false, nil, err
	}
	if err := m.service(db, ring, log).StartSecretKeyRotation(ctx, to); err != nil {
		return 0, 0, false, nil, err
	}
	if err := identity.Replace(path, ring); err != nil {
		return 0, 0, false, nil, ledger.Errorf(ledger.EConflict, "%s; nothing was re-encrypted: run `wageguard keys rotate-secret` again", err)
	}
	log.Info("added a new key version to the key file", "path", path, "version", to)
	return from, to, true, ring, nil
}

// abandonUnwrittenRotation forgets a rotation whose new version the database
// records but the key file does not hold: its run stopped after recording
// the version and before writing the file, so nothing can be sealed under it.
func (m *Main) abandonUnwrittenRotation(ctx context.Context, db *store.DB, ring *identity.Keyring, log *slog.Logger) error {
	recorded, err := db.SecretKeys(ctx)
	if err != nil {
		return err
	}
	for _, r := range recorded {
		if r.State == store.SecretKeyRotating && !ring.Has(r.Version) {
			log.Warn("forgetting a rotation whose key version never reached the key file", "version", r.Version)
			return m.service(db, ring, log).AbandonSecretKeyRotation(ctx, r.Version)
		}
	}
	return nil
}

// keyWatchInterval is how often a server checks that its key version is
// still the database's current one.
const keyWatchInterval = 5 * time.Second

// watchSecretKey tells changed, once, when the database starts a rotation or
// has moved to another key version than active: a server that went on
// writing under its old key would leave records the rotation has passed.
func watchSecretKey(ctx context.Context, db *store.DB, active int, every time.Duration, changed chan<- error) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		recorded, err := db.SecretKeys(ctx)
		if err != nil {
			continue // a database that does not answer is /readyz's business
		}
		for _, r := range recorded {
			if r.State == store.SecretKeyRotating || (r.State == store.SecretKeyCurrent && r.Version != active) {
				changed <- ledger.Errorf(ledger.EConflict, "the secret key is being rotated (key version %d is %s, this server holds version %d): "+
					"the server stopped so that nothing more is written under the old key; start it again with the key file "+
					"`wageguard keys rotate-secret` leaves once it has finished", r.Version, r.State, active)
				return
			}
		}
	}
}
