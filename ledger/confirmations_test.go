package ledger

import (
	"strings"
	"testing"
)

// confirmationFixture is two instructions of project P at bank B, one of
// project Q at bank B, and one at another bank.
type confirmationFixture struct {
	ins   map[string]*PaymentInstruction
	today Date
}

func newConfirmationFixture() *confirmationFixture {
	mk := func(id, project, bank string, paid Money, st InstructionStatus) *PaymentInstruction {
		return &PaymentInstruction{ID: id, ProjectID: project, EnrolmentID: "enr_" + id, Period: MustPeriod("2026-10"), WageBankID: bank,
			PayeeCardIndex: "card_" + id, InstructionState: InstructionState{Amount: 10000, Paid: paid, Status: st}}
	}
	f := &confirmationFixture{ins: map[string]*PaymentInstruction{}, today: NewDate(2026, 11, 30)}
	for _, in := range []*PaymentInstruction{
		mk("ins_p1", "prj_p", "org_b", 0, InstructionPending),
		mk("ins_p2", "prj_p", "org_b", 10000, InstructionPaid),
		mk("ins_q1", "prj_q", "org_b", 0, InstructionPending),
		mk("ins_x1", "prj_x", "org_other", 0, InstructionPending),
	} {
		f.ins[in.ID] = in
	}
	return f
}

func fact(ins string, status ConfirmationStatus, amount Money, ref string) ConfirmationItem {
	it := ConfirmationItem{InstructionID: ins, Status: status, Amount: amount, BankRef: ref, SettledOn: NewDate(2026, 11, 10)}
	if status == ConfirmFailed {
		it.Reason = "card closed"
	}
	return it
}

func (f *confirmationFixture) decide(items []ConfirmationItem, payees []string, onRecord map[RecordKey]RecordedConfirmation) (*ConfirmationBatch, *ConfirmationDecision) {
	b := NewConfirmationBatch("org_b", items, payees, f.today)
	return b, b.Decide(f.ins, onRecord)
}

// outcomes writes each item's decision as outcome[:code][/status], space-separated.
func outcomes(d *ConfirmationDecision) string {
	var out []string
	for _, r := range d.Items {
		s := string(r.Outcome)
		if len(r.Errors) > 0 {
			s += ":" + r.Errors[0].Code
		}
		if r.Status != "" {
			s += "/" + string(r.Status)
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestDecideWhatAnItemIs(t *testing.T) {
	f := newConfirmationFixture()
	items := []ConfirmationItem{
		{InstructionID: "ins_p1", Status: "lost", BankRef: "R-0", SettledOn: NewDate(2026, 11, 10)}, // malformed
		fact("ins_nope", ConfirmPaid, 100, "R-1"),                                                   // no such instruction
		fact("ins_x1", ConfirmPaid, 100, "R-2"),                                                     // another bank's
		fact("ins_p1", ConfirmPaid, 100, "R-3"),                                                     // another card
		fact("ins_p1", ConfirmPaid, 100, "R-4"),                                                     // no card named
		fact("ins_p2", ConfirmPaid, 100, "R-5"),                                                     // its own card, but paid in full already
	}
	b, d := f.decide(items, []string{"", "", "", "card_someone", "", "card_ins_p2"}, nil)
	if got, want := outcomes(d), "refused:unknown refused:not_found refused:not_found refused:payee_mismatch applied/partly_paid refused:exceeds_instruction"; got != want {
		t.Fatalf("outcomes %s\nwant     %s", got, want)
	}
	// The malformed item names an instruction: it is kept (issue 11), in
	// that instruction's project.
	kept := []bool{true, true, true, true, false, true}
	projects := []string{"prj_p", "", "", "prj_p", "prj_p", "prj_p"}
	matched := []bool{false, false, false, false, true, true}
	for i, r := range d.Items {
		if r.Kept() != kept[i] || r.ProjectID != projects[i] || r.Matched != matched[i] {
			t.Errorf("item %d: kept %v project %q matched %v", i, r.Kept(), r.ProjectID, r.Matched)
		}
	}
	if d.Items[1].Errors[0].Message != "no instruction ins_nope on a wage account at this bank" {
		t.Errorf("not found: %q", d.Items[1].Errors[0].Message)
	}
	if d.Items[0].Refusal != RefuseMalformed {
		t.Errorf("malformed item: refusal %q", d.Items[0].Refusal)
	}
	if ids := b.InstructionIDs(); strings.Join(ids, " ") != "ins_p1 ins_nope ins_x1 ins_p1 ins_p1 ins_p2" {
		t.Errorf("instructions to read: %v", ids)
	}
	if b.Hash(0) != items[0].Fingerprint() || b.Hash(4) != items[4].Fingerprint() {
		t.Error("every item is kept or recorded under its fingerprint")
	}
	// Without a file's payees nothing is checked against the card.
	if _, d := f.decide([]ConfirmationItem{fact("ins_p1", ConfirmPaid, 100, "R-3")}, nil, nil); d.Items[0].Outcome != Applied {
		t.Errorf("API item: %s", outcomes(d))
	}
}

// Items apply in order to the state the batch leaves, and the instructions
// whose state changes are listed once, from the state read.
func TestDecideAppliesInOrder(t *testing.T) {
	f := newConfirmationFixture()
	_, d := f.decide([]ConfirmationItem{
		fact("ins_p1", ConfirmPaid, 3000, "A-1"),
		fact("ins_q1", ConfirmFailed, 0, "A-2"),
		fact("ins_p1", ConfirmPaid, 8000, "A-3"), // more than is left
		fact("ins_p1", ConfirmPaid, 7000, "A-4"),
		fact("ins_p2", ConfirmReturned, 10000, "A-5"),
		fact("ins_p2", ConfirmPaid, 10000, "A-6"), // paid again after the return
	}, nil, nil)
	if got, want := outcomes(d), "applied/partly_paid applied/failed refused:exceeds_instruction applied/paid applied/returned applied/paid"; got != want {
		t.Fatalf("outcomes %s\nwant     %s", got, want)
	}
	var changes []string
	for _, c := range d.Changes {
		changes = append(changes, c.ID+":"+string(c.From.Status)+"→"+string(c.To.Status)+":"+c.To.Paid.String())
	}
	if got := strings.Join(changes, " "); got != "ins_p1:pending→paid:100.00 ins_q1:pending→failed:0.00" {
		t.Fatalf("changes: %s", got) // ins_p2 ends as it began: no change
	}
}

// A reference on record is already applied (same content) or a conflict;
// one repeated within the batch is judged against its first copy.
func TestDecideRepeatedReferences(t *testing.T) {
	f := newConfirmationFixture()
	old := fact("ins_p1", ConfirmPaid, 1000, "OLD-1")
	onRecord := map[RecordKey]RecordedConfirmation{
		{"prj_p", "OLD-1"}: {ContentHash: old.Fingerprint(), Exception: "overdrawn"},
		{"prj_p", "OLD-2"}: {ContentHash: "something else"},
		{"prj_q", "NEW-1"}: {ContentHash: "another project's"},
	}
	over := fact("ins_p1", ConfirmPaid, 99999, "DUP-1")
	_, d := f.decide([]ConfirmationItem{
		fact("ins_p1", ConfirmPaid, 1000, "OLD-1"), // 0: the retry of a fact on record
		fact("ins_p1", ConfirmPaid, 1000, "OLD-2"), // 1: other content under a recorded reference
		fact("ins_p1", ConfirmPaid, 2000, "NEW-1"), // 2: new in this project
		fact("ins_p1", ConfirmPaid, 2000, "NEW-1"), // 3: its repeat
		fact("ins_p1", ConfirmPaid, 2001, "NEW-1"), // 4: the reference again, other content
		over, // 5: refused
		over, // 6: its repeat, refused alike
		fact("ins_p1", ConfirmFailed, 0, "OLD-1"),    // 7: other content than the record
		fact("ins_p1", ConfirmPaid, 8000, "NEW-2"),   // 8: pays the rest
		fact("ins_q1", ConfirmFailed, 0, "NEW-1"),    // 9: the reference in another project, where it is on record with other content
		fact("ins_q1", ConfirmPaid, 10000, "OLD-1"),  // 10: and one new there
		fact("ins_q1", ConfirmPaid, 10000, "OLD-1 "), // 11: a repeat once trimmed
	}, nil, onRecord)
	want := "already_applied/paid refused:conflict applied/partly_paid already_applied/paid refused:conflict " +
		"refused:exceeds_instruction refused:exceeds_instruction refused:conflict applied/paid refused:conflict applied/paid already_applied/paid"
	if got := outcomes(d); got != want {
		t.Fatalf("outcomes %s\nwant     %s", got, want)
	}
	// The record's flag comes back with a retry; a repeat within the batch
	// carries none. A repeat of a refused fact is kept like its first copy.
	if d.Items[0].Exception != "overdrawn" || d.Items[3].Exception != "" {
		t.Errorf("exceptions: %q %q", d.Items[0].Exception, d.Items[3].Exception)
	}
	if !d.Items[5].Kept() || !d.Items[6].Kept() || d.Items[6].Errors[0].Message != d.Items[5].Errors[0].Message || !d.Items[1].Kept() {
		t.Errorf("refused repeats: %+v %+v", d.Items[5], d.Items[6])
	}
	if d.Items[1].Errors[0].Field != "bank_ref" || d.Items[1].Errors[0].Message != "bank reference OLD-2 was already reported with different content" {
		t.Errorf("conflict: %+v", d.Items[1].Errors)
	}
}

// An item already applied reports its instruction's status once the batch
// is applied, or as read when the batch does not touch it.
func TestDecideAlreadyAppliedStatus(t *testing.T) {
	f := newConfirmationFixture()
	first := fact("ins_p2", ConfirmPaid, 10000, "P-1")
	onRecord := map[RecordKey]RecordedConfirmation{{"prj_p", "P-1"}: {ContentHash: first.Fingerprint()}}
	_, d := f.decide([]ConfirmationItem{first}, nil, onRecord)
	if outcomes(d) != "already_applied/paid" || len(d.Changes) != 0 {
		t.Fatalf("untouched: %s %v", outcomes(d), d.Changes)
	}
	_, d = f.decide([]ConfirmationItem{first, fact("ins_p2", ConfirmReturned, 4000, "P-2")}, nil, onRecord)
	if got := outcomes(d); got != "already_applied/partly_failed applied/partly_failed" { // part of a full payment came back: owed
		t.Fatalf("touched later in the batch: %s", got)
	}
}

func TestFlagOverdraftsAndEntries(t *testing.T) {
	f := newConfirmationFixture()
	b, d := f.decide([]ConfirmationItem{
		fact("ins_p1", ConfirmPaid, 6000, "O-1"),     // 10000 → 4000
		fact("ins_q1", ConfirmPaid, 500, "O-2"),      // Q: 0 → -500, flagged
		fact("ins_p1", ConfirmPaid, 4001, "O-3"),     // refused: moves nothing
		fact("ins_p2", ConfirmReturned, 1000, "O-4"), // 4000 → 5000
		fact("ins_p1", ConfirmPaid, 4000, "O-5"),     // 5000 → 1000
		fact("ins_p2", ConfirmPaid, 1001, "O-6"),     // refused
		fact("ins_p2", ConfirmPaid, 1000, "O-7"),     // 1000 → 0: not below zero
		fact("ins_q1", ConfirmFailed, 0, "O-8"),      // moves nothing
	}, nil, nil)
	if got := strings.Join(b.WageAccountsMoved(d), " "); got != "prj_p prj_q" {
		t.Fatalf("wage accounts moved: %s", got)
	}
	b.FlagOverdrafts(d, map[string]Money{"prj_p": 10000, "prj_q": 0})
	var flagged []string
	for i, r := range d.Items {
		if r.Exception != "" {
			flagged = append(flagged, b.Items[i].BankRef+" "+r.Exception)
		}
	}
	if want := "O-2 the wage account is overdrawn in the books (-5.00): an allocation is missing or not yet reported"; strings.Join(flagged, "|") != want {
		t.Fatalf("flagged %v, want %s", flagged, want)
	}
	ids := EntryBatch("ent_test")
	entries := b.Entries(d, f.ins, ids)
	var got []string
	for _, e := range entries {
		if err := e.Validate(); err != nil {
			t.Errorf("entry %s: %v", e.ID, err)
		}
		got = append(got, e.ID+" "+string(e.Kind)+" "+e.Memo)
	}
	want := "ent_test_00000 payment paid O-1|ent_test_00001 payment paid O-2|ent_test_00003 payment_return returned O-4|" +
		"ent_test_00004 payment paid O-5|ent_test_00006 payment paid O-7"
	if strings.Join(got, "|") != want {
		t.Fatalf("entries %v\nwant %s", got, want)
	}
	ret := entries[2]
	if ret.Postings[0].Account.Kind != WageAccount || ret.Postings[0].Amount != 1000 || ret.Postings[0].Period != MustPeriod("2026-10") {
		t.Errorf("a return moves the wage account back to the worker: %+v", ret)
	}
	if b.EntryID(ids, 1) != "ent_test_00001" || b.EntryID(ids, 7) != "" {
		t.Errorf("entry IDs: %q %q", b.EntryID(ids, 1), b.EntryID(ids, 7))
	}
}

// A result file row whose status is not final (pending, uncertain, a code
// the bank's table does not hold) is refused and kept, whatever its
// reference: the final row the bank sends later, under the same reference
// or another, in the same batch or a later one, before or after it, applies
// as if the pending row had never come (issue 11, item 2).
func TestDecideNotFinalRows(t *testing.T) {
	f := newConfirmationFixture()
	notFinal := func(ins string, st ConfirmationStatus, code, ref string) ConfirmationItem {
		it := fact(ins, st, 0, ref)
		it.BankCode = code
		return it
	}
	paid := fact("ins_p1", ConfirmPaid, 10000, "P-1")
	paid.BankCode = "7"
	b, d := f.decide([]ConfirmationItem{
		notFinal("ins_p1", ConfirmPending, "9", "P-1"), // 0: pending
		paid, // 1: its final result, the same reference
		notFinal("ins_p1", ConfirmPending, "9", "P-1"),     // 2: pending again after it (a late copy)
		notFinal("ins_q1", ConfirmUncertain, "WRF", "Q-1"), // 3
		notFinal("ins_q1", ConfirmUnknown, "ZZ", "Q-2"),    // 4
		notFinal("ins_nope", ConfirmPending, "9", "N-1"),   // 5: names no instruction: not found, kept
		fact("ins_q1", ConfirmPending, 0, "Q-3"),           // 6: pending from a request (no bank code): malformed, kept
		fact("ins_q1", ConfirmPaid, 10000, "Q-4"),          // 7: paid under another reference
	}, nil, nil)
	want := "refused:pending applied/paid refused:pending refused:uncertain refused:unknown refused:not_found refused:unknown applied/paid"
	if got := outcomes(d); got != want {
		t.Fatalf("outcomes %s\nwant     %s", got, want)
	}
	kept := []bool{true, false, true, true, true, true, true, false}
	for i, r := range d.Items {
		if r.Kept() != kept[i] {
			t.Errorf("item %d: kept %v, want %v", i, r.Kept(), kept[i])
		}
		if r.Matched && !b.Items[i].Status.Final() {
			t.Errorf("item %d: a row that is not final is never looked up on record", i)
		}
	}
	for _, i := range []int{0, 2, 3, 4} {
		if d.Items[i].Refusal != RefuseNotFinal {
			t.Errorf("item %d: refusal %q, want %q (kept) whatever its error code", i, d.Items[i].Refusal, RefuseNotFinal)
		}
	}
	if d.Items[3].ProjectID != "prj_q" || !strings.Contains(d.Items[3].Errors[0].Message, `status "WRF"`) {
		t.Errorf("uncertain row: %+v", d.Items[3])
	}
	// Two pending codes under one reference are two facts; a result's own
	// code does not count (S and 成功 are the same fact).
	if a, c := notFinal("ins_p1", ConfirmPending, "0", "P-1"), notFinal("ins_p1", ConfirmPending, "9", "P-1"); a.Fingerprint() == c.Fingerprint() {
		t.Error("pending codes 0 and 9 fingerprint alike")
	}
	if bare := fact("ins_p1", ConfirmPaid, 10000, "P-1"); bare.Fingerprint() != paid.Fingerprint() {
		t.Error("a paid row's bank code changes its fingerprint")
	}
	// A pending row on record's reference (the record holds the final
	// result under it) is still refused as pending, never a conflict.
	onRecord := map[RecordKey]RecordedConfirmation{{"prj_p", "P-1"}: {ContentHash: paid.Fingerprint()}}
	if _, d := f.decide([]ConfirmationItem{notFinal("ins_p1", ConfirmPending, "9", "P-1"), paid}, nil, onRecord); outcomes(d) != "refused:pending already_applied/pending" {
		t.Errorf("after the record: %s", outcomes(d))
	}
}
