package ledger

// NewGuarantee is the guarantee a lodging of in records, with the warnings
// DecideLodging gave it: cash is money in the books and gets the ID of the
// entry that deposits it (DepositEntry); a letter or policy moves no money.
func NewGuarantee(in GuaranteeInput, warnings []GuaranteeWarning) *WageGuarantee {
	g := &WageGuarantee{ID: NewIDIn(PrefixGuarantee, in.ProjectID), ProjectID: in.ProjectID, Form: in.Form, Amount: in.Amount, IssuerID: in.IssuerID,
		Reference: in.Reference, ValidFrom: in.ValidFrom, ValidUntil: in.ValidUntil, Warnings: warnings, ContentHash: in.Fingerprint()}
	if g.Form == FormCash {
		g.EntryID = NewEntryBatch().ID(0)
	}
	return g
}

// DepositEntry is the entry lodging g posts: cash moves guarantee_funding →
// guarantee/<id> on the day it was paid in; a letter or policy posts none
// (nil).
func (g *WageGuarantee) DepositEntry() *Entry {
	if g.Form != FormCash {
		return nil
	}
	e := Transfer(g.ProjectID, EntryDeposit, g.ValidFrom, g.ValidFrom.Period(),
		Account{ProjectID: g.ProjectID, Kind: Guarantee, Ref: g.ID}, Account{ProjectID: g.ProjectID, Kind: GuaranteeFunding}, g.Amount)
	e.ID, e.Memo = g.EntryID, "guarantee deposit "+g.Reference
	return &e
}

// CheckLodgingReplay decides a lodging whose issuer's reference is already
// on record as prev: one letter or policy covers one project, so prev on
// another project is a conflict; on the same project, the same content is
// a retry, already lodged (nil), other content a conflict.
func CheckLodgingReplay(in GuaranteeInput, prev *WageGuarantee) error {
	if prev.ProjectID != in.ProjectID {
		return Errorf(EConflict, "guarantee reference %q of %s is already lodged for another project: one letter or policy covers one project", in.Reference, in.IssuerID)
	}
	if prev.ContentHash != in.Fingerprint() {
		return Errorf(EConflict, "guarantee reference %q of %s was already lodged with different content", in.Reference, in.IssuerID)
	}
	return nil
}
