package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// A complaint's receipt code (ledger.ReceiptCode) is shown once, to whoever
// filed the complaint or to the inspector who re-issued it; the database
// keeps only its HMAC under the key file's complaint-receipt key
// (identity.PurposeReceipt), so neither a copy of the database nor anyone
// who holds the payslip link (the contractor prints it) can open the
// complaint's state.

// receiptMAC is the HMAC of a normalised code under key, as kept.
func receiptMAC(key []byte, code string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("wageguard complaint receipt v1\x00" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// issueReceipt gives complaint c a new receipt code in tx, replacing any
// it had, and returns the code.
func (s *Service) issueReceipt(tx *store.Tx, c *ledger.Complaint) (string, error) {
	if s.Identity == nil {
		return "", ledger.Errorf(ledger.EInternal, "receipt codes need the key file: no receipt key is loaded")
	}
	var raw [10]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	code := ledger.ReceiptCodeIn(raw, c.ProjectID)
	norm, _ := ledger.NormalReceiptCode(code)
	_, key := s.Identity.Key(identity.PurposeReceipt)
	if err := store.SetComplaintReceipt(tx, c.ProjectID, c.ID, receiptMAC(key, norm)); err != nil {
		return "", err
	}
	return code, nil
}

// ComplaintReceipt is the state and deadlines of the complaint a receipt
// code opens, and that complaint's ID (for the caller's rate limit, never
// shown). A code that opens nothing is ledger.ErrNoReceipt, whatever the
// reason. The code is looked up under every key version held, so that a
// code issued before a key rotation still opens its complaint.
func (s *Service) ComplaintReceipt(ctx context.Context, typed string) (*ledger.ComplaintReceipt, string, error) {
	norm, ok := ledger.NormalReceiptCode(typed)
	if !ok || s.Identity == nil {
		return nil, "", ledger.ErrNoReceipt
	}
	var hashes []string
	for _, v := range s.Identity.Versions() {
		if key, ok := s.Identity.KeyAt(identity.PurposeReceipt, v); ok {
			hashes = append(hashes, receiptMAC(key, norm))
		}
	}
	projects, _ := ledger.ReceiptProjectPrefix(norm)
	c, err := store.ComplaintByReceipt(s.DB.Reader(ctx), hashes, projects)
	if err != nil {
		return nil, "", err
	}
	if c == nil {
		return nil, "", ledger.ErrNoReceipt
	}
	r := ledger.ReceiptOf(*c, ledger.DateOf(s.DB.Now()), s.calendar())
	return &r, c.ID, nil
}

// ReissueComplaintReceipt gives a complaint a new receipt code, for an
// inspector to hand to the worker who lost theirs (or whose code someone
// else saw): the old code opens nothing from then on. Audited, without the
// code.
func (s *Service) ReissueComplaintReceipt(ctx context.Context, id, note string) (string, *ledger.ComplaintReceipt, error) {
	var code string
	var out ledger.ComplaintReceipt
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		c, err := store.GetComplaint(tx, id)
		if err != nil {
			return err
		}
		if code, err = s.issueReceipt(tx, c); err != nil {
			return err
		}
		out = ledger.ReceiptOf(*c, ledger.DateOf(tx.Now), s.calendar())
		return audit(tx, c.ProjectID, "complaint.receipt", c.ID, ledger.M("a new receipt code replaces the last; the old one opens nothing"),
			map[string]string{"note": note})
	})
	if err != nil {
		return "", nil, err
	}
	return code, &out, nil
}
