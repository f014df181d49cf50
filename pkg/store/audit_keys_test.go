package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// keyedTrail keys db's audit trail and writes five records on each of two
// project chains and the organisations' chain, sealed.
func keyedTrail(t *testing.T, db *store.DB) *identity.Keyring {
	t.Helper()
	keys, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	db.UseAuditKeys(keys)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		err := db.WithTx(ctx, func(tx *store.Tx) error {
			for _, chain := range []string{"prj_a", "prj_b", ledger.OrgChain} {
				if _, err := store.AppendAudit(tx, store.AuditInput{Chain: chain, Actor: "key_1", Action: "thing.change",
					Subject: fmt.Sprintf("thing_%d", i), RequestHash: ledger.SHA256Hex([]byte{byte(i)})}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	return keys
}

func exec(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if err := db.ExecRaw(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// The four tamperings of issue 16 #13, by someone with the database's
// rights and the append-only triggers dropped, each of which `audit verify`
// passed: with the chain keyed, the queue sealed and a signed checkpoint of
// every head, each is named.
func TestAuditTamperingWithoutTheKeyIsCaught(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(t *testing.T, db *store.DB)
		want   string
	}{
		{"cut off and head rewound", func(t *testing.T, db *store.DB) {
			exec(t, db, "DELETE FROM audit_log WHERE chain = 'prj_a' AND seq > 3",
				"UPDATE audit_heads SET seq = 3, hash = (SELECT hash FROM audit_log WHERE chain = 'prj_a' AND seq = 3) WHERE chain = 'prj_a'")
		}, "chain prj_a, record 5 (missing): the checkpoint of"},
		{"chain dropped", func(t *testing.T, db *store.DB) {
			exec(t, db, "DELETE FROM audit_log WHERE chain = 'prj_b'", "DELETE FROM audit_heads WHERE chain = 'prj_b'")
		}, "chain prj_b, record 5 (missing): the checkpoint of"},
		{"changed and every later hash recomputed", func(t *testing.T, db *store.DB) {
			// The insider recomputes the chain the only way open without
			// the key: as the unkeyed chain was computed, or keyed with a
			// key of their own.
			ctx := context.Background()
			recs, err := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Chain: "prj_a"})
			if err != nil {
				t.Fatal(err)
			}
			own, _ := identity.Generate()
			forged := ledger.NewAuditKeys(1, func() []byte { k, _ := own.AuditKey(1); return k }())
			prev := ""
			for i, r := range recs {
				if i == 1 {
					r.Actor = "mallory"
				}
				r.PrevHash = prev
				if i%2 == 0 {
					r.Hash = r.ComputeHash()
				} else {
					r.Hash = forged.ChainHash(&r)
				}
				exec(t, db, fmt.Sprintf("UPDATE audit_log SET actor = '%s', prev_hash = '%s', hash = '%s' WHERE chain = 'prj_a' AND seq = %d", r.Actor, r.PrevHash, r.Hash, r.Seq))
				prev = r.Hash
			}
			exec(t, db, fmt.Sprintf("UPDATE audit_heads SET hash = '%s' WHERE chain = 'prj_a'", prev))
		}, "chain prj_a, record 1 "},
		{"backdated row queued", func(t *testing.T, db *store.DB) {
			exec(t, db, `INSERT INTO audit_queue (chain, id, at, ord, actor, action, subject, request_hash, detail)
				VALUES ('prj_a', 'aud_forged', '2020-01-01 00:00:00', 1, 'key_1', 'payroll.approve', 'pay_forged', '', 'backdated')`)
			if _, err := db.SealAudit(context.Background()); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := db.Get(context.Background(), &n, "SELECT COUNT(*) FROM audit_log WHERE id = 'aud_forged'"); err != nil || n != 0 {
				t.Fatalf("the forged row was linked into the chain: %d %v", n, err)
			}
		}, "chain prj_a, record aud_forged: a queued record the sealer refused: it carries no seal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				storetest.SkipOnSharedDB(t, db, "keys the whole database's audit trail (audit_keys): every other test's records would need the key")
				ctx := context.Background()
				keyedTrail(t, db)
				cp, err := db.SignAuditCheckpoint(ctx)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := db.VerifyAudit(ctx, *cp)
				if err != nil || len(rep.Problems) != 0 || rep.Records != 15 || rep.Checkpoints != 1 {
					t.Fatalf("clean trail: %+v %v", rep, err)
				}
				dropGuards(t, db)
				c.tamper(t, db)
				rep, err = db.VerifyAudit(ctx, *cp)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, p := range rep.Problems {
					got = append(got, p.String())
				}
				if !strings.Contains(strings.Join(got, "\n"), c.want) {
					t.Fatalf("verify after tampering names:\n%s\nwant %q", strings.Join(got, "\n"), c.want)
				}
			})
		})
	}
}

// A checkpoint signed with another key, or altered after signing, vouches
// for nothing.
func TestAuditCheckpointSignature(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.SkipOnSharedDB(t, db, "keys the whole database's audit trail (audit_keys): every other test's records would need the key")
		ctx := context.Background()
		keyedTrail(t, db)
		cp, err := db.SignAuditCheckpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		altered := *cp
		altered.Heads = append([]ledger.ChainHead{}, cp.Heads...)
		altered.Heads[0].Seq = 2
		own, _ := identity.Generate()
		master, _ := own.AuditKey(1)
		forged := ledger.NewAuditKeys(1, master).SignCheckpoint(time.Now(), cp.Heads)
		for _, bad := range []ledger.Checkpoint{altered, forged} {
			rep, err := db.VerifyAudit(ctx, bad)
			if err != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].String(), "is not signed by this trail's key") {
				t.Errorf("a checkpoint not ours: %+v %v", rep, err)
			}
		}
	})
}

// The request hash an audit record keeps is a keyed MAC: the SHA-256 of the
// request (method, path, body) that a guess at a masked phone number or card
// would be hashed into is not what is stored, and only the key file's
// holder can compute what is (issue 16 #5: a phone number behind its mask
// was recovered in 0.01 s from the bare hash).
func TestAuditRequestHashIsKeyed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.SkipOnSharedDB(t, db, "keys the whole database's audit trail (audit_keys): every other test's records would need the key")
		ctx := context.Background()
		keys, err := identity.Generate()
		if err != nil {
			t.Fatal(err)
		}
		db.UseAuditKeys(keys)
		digest := ledger.SHA256Hex([]byte("POST /api/v1/projects/prj_a/workers\n{\"phone\":\"13912348094\"}"))
		err = db.WithTx(ctx, func(tx *store.Tx) error {
			_, err := store.AppendAudit(tx, store.AuditInput{Chain: "prj_a", Action: "worker.enrol", Subject: "enr_1", RequestHash: digest})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SealAudit(ctx); err != nil {
			t.Fatal(err)
		}
		recs, err := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Chain: "prj_a"})
		if err != nil || len(recs) != 1 {
			t.Fatalf("%v %v", recs, err)
		}
		stored := recs[0].RequestHash
		if strings.Contains(stored, digest) {
			t.Fatalf("the request's bare SHA-256 is stored: %s", stored)
		}
		master, _ := keys.AuditKey(keys.Active())
		if want := ledger.NewAuditKeys(keys.Active(), master).RequestMAC(digest); stored != want {
			t.Fatalf("stored %s, want the keyed MAC %s", stored, want)
		}
		other, _ := identity.Generate()
		m2, _ := other.AuditKey(1)
		if ledger.NewAuditKeys(1, m2).RequestMAC(digest) == stored {
			t.Fatal("another key computes the same request hash")
		}
	})
}

// A trail written before the keys (the upgrade, or records from before a
// database's first key) keeps its bare hashes up to the head attested when
// the keys came; records after are keyed and bind it. Rewriting that prefix
// and recomputing its bare hashes is caught, as is an unattested prefix.
func TestAuditLegacyPrefixIsAttested(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.SkipOnSharedDB(t, db, "keys the whole database's audit trail (audit_keys): every other test's records would need the key")
		ctx := context.Background()
		write := func(n int) {
			for i := 0; i < n; i++ {
				err := db.WithTx(ctx, func(tx *store.Tx) error {
					_, err := store.AppendAudit(tx, store.AuditInput{Chain: "prj_old", Action: "thing.change", Subject: fmt.Sprintf("thing_%d", i)})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		write(3) // before the keys: queued unsealed, two of them linked with bare hashes
		if _, err := db.SealAudit(ctx); err != nil {
			t.Fatal(err)
		}
		write(1) // queued at the upgrade, never sealed by the old binary
		keys, _ := identity.Generate()
		db.UseAuditKeys(keys)
		if n, err := db.AttestLegacyChains(ctx); err != nil || n != 1 {
			t.Fatalf("attested %d chains, %v", n, err)
		}
		write(2)
		if _, err := db.SealAudit(ctx); err != nil {
			t.Fatal(err)
		}
		rep, err := db.VerifyAudit(ctx)
		if err != nil || len(rep.Problems) != 0 || rep.Records != 6 {
			t.Fatalf("upgraded trail: %+v %v", rep, err)
		}
		dropGuards(t, db)
		recs, _ := db.ListAudit(ctx, store.AuditFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, Chain: "prj_old"})
		prev := ""
		for _, r := range recs[:4] {
			if r.Seq == 2 {
				r.Actor = "mallory"
			}
			r.PrevHash = prev
			r.Hash = r.ComputeHash()
			exec(t, db, fmt.Sprintf("UPDATE audit_log SET actor = '%s', prev_hash = '%s', hash = '%s' WHERE chain = 'prj_old' AND seq = %d", r.Actor, r.PrevHash, r.Hash, r.Seq))
			prev = r.Hash
		}
		rep, err = db.VerifyAudit(ctx)
		if err != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].String(), "record 4 ") {
			t.Fatalf("a rewritten legacy prefix: %+v %v", rep, err)
		}
		exec(t, db, "DELETE FROM audit_legacy")
		rep, err = db.VerifyAudit(ctx)
		if err != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].String(), "record 1 ") {
			t.Fatalf("an unattested legacy prefix: %+v %v", rep, err)
		}
	})
}
