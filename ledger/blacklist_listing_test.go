package ledger

import (
	"strings"
	"testing"
)

func maskForTest(s string) string { return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:] }

var testTerms = ListingTerms{ReplyWorkingDays: 5, Years: 3, RemovalMonths: 6}

func proposalForTest(t *testing.T, on string) Listing {
	t.Helper()
	c := BlacklistCandidate{EmployerID: "org_sub", ProjectID: "prj_1", AlertID: "alr_1", Source: CandidateEscalation}
	l, err := NewListing(c, "逾期未支付，拖欠 12 名工人工资 ¥120000.00", []PersonInput{{Name: "王五", Role: "legal_representative", IDNumber: "11010519491231002X"}}, MustDate(on), maskForTest, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func step(t *testing.T, l Listing, in ListingActionInput, facts RemovalFacts) Listing {
	t.Helper()
	out, _, err := DecideListingAction(l, in, testTerms, DefaultCalendar(), facts, maskForTest)
	if err != nil {
		t.Fatalf("%s: %v", in.Action, err)
	}
	return out
}

func TestNewListingChecksPersons(t *testing.T) {
	l := proposalForTest(t, "2026-03-02")
	if l.Status != ListingProposed || len(l.Persons) != 1 || l.Persons[0].IDMasked != "1101**********002X" {
		t.Fatalf("%+v", l)
	}
	c := BlacklistCandidate{EmployerID: "org_sub", ProjectID: "prj_1", AlertID: "alr_1"}
	for _, tc := range []struct {
		name    string
		reason  string
		persons []PersonInput
		field   string
	}{
		{"no reason", "", nil, "reason"},
		{"control character", "a\x07b", nil, "reason"},
		{"unknown role", "r", []PersonInput{{Name: "王五", Role: "boss"}}, "responsible_persons"},
		{"bad id", "r", []PersonInput{{Name: "王五", Role: "principal", IDNumber: "36042619910102009X"}}, "responsible_persons[0].id_number"},
		{"no name", "r", []PersonInput{{Name: "", Role: "principal"}}, "responsible_persons[0].name"},
		{"twice", "r", []PersonInput{{Name: "王五", Role: "principal"}, {Name: "王五", Role: "principal"}}, "responsible_persons"},
	} {
		_, err := NewListing(c, tc.reason, tc.persons, MustDate("2026-03-02"), maskForTest, nil)
		if ErrorCode(err) != EInvalid {
			t.Errorf("%s: %v, want invalid", tc.name, err)
			continue
		}
		found := false
		for _, f := range ErrorFields(err) {
			found = found || f.Field == tc.field
		}
		if !found {
			t.Errorf("%s: fields %+v, want %s", tc.name, ErrorFields(err), tc.field)
		}
		if strings.Contains(err.Error(), "36042619910102009X") {
			t.Errorf("%s: the error repeats the identity number: %v", tc.name, err)
		}
	}
}

// A unit on the list today is not proposed again; one whose listing ended
// or was removed may be.
func TestNewListingOfAListedUnit(t *testing.T) {
	c := BlacklistCandidate{EmployerID: "org_sub", ProjectID: "prj_1", AlertID: "alr_2"}
	listed := Listing{ID: "bls_1", Status: ListingListed, StartOn: MustDate("2026-02-02"), EndOn: MustDate("2029-02-01")}
	removed := listed
	removed.Status, removed.RemovedOn = ListingRemoved, MustDate("2027-03-01")
	for _, tc := range []struct {
		on   string
		was  Listing
		code string
	}{
		{"2027-01-05", listed, EConflict},
		{"2029-02-02", listed, ""},
		{"2027-03-01", removed, ""},
	} {
		_, err := NewListing(c, "再次拖欠", nil, MustDate(tc.on), maskForTest, []Listing{tc.was})
		if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("on %s: %v, want %q", tc.on, err, tc.code)
		}
	}
}

// The workflow: each step from the statuses that allow it, the reply
// period counted in working days over the National Day holiday, and a
// decision to list refused while the unit may still reply.
func TestListingWorkflow(t *testing.T) {
	today := MustDate("2026-09-29")
	l := proposalForTest(t, "2026-09-28")
	l = step(t, l, ListingActionInput{Action: ListingNotify, On: MustDate("2026-09-29"), Text: "拟列入告知书", Today: today}, RemovalFacts{})
	// 30 Sep, then 1–7 Oct off, 8, 9, Saturday 10 Oct (make-up), 12 Oct.
	if l.Status != ListingNotified || l.ReplyBy.String() != "2026-10-12" {
		t.Fatalf("notified: %s, reply by %s", l.Status, l.ReplyBy)
	}
	_, _, err := DecideListingAction(l, ListingActionInput{Action: ListingList, Text: "达到数额较大标准", Today: MustDate("2026-10-12")}, testTerms, DefaultCalendar(), RemovalFacts{}, maskForTest)
	if ErrorCode(err) != EConflict || !strings.Contains(err.Error(), "2026-10-12") {
		t.Fatalf("listing inside the reply period: %v", err)
	}
	listed := step(t, l, ListingActionInput{Action: ListingList, Text: "达到数额较大标准", Today: MustDate("2026-10-13"), Actor: "insp"}, RemovalFacts{})
	if listed.Status != ListingListed || listed.StartOn.String() != "2026-10-13" || listed.EndOn.String() != "2029-10-12" || listed.DecidedBy != "insp" {
		t.Fatalf("listed: %+v", listed)
	}
	// A reply kept lets the inspector decide at once.
	replied := step(t, l, ListingActionInput{Action: ListingReply, On: MustDate("2026-10-09"), Text: "我司已筹措资金", Today: MustDate("2026-10-09")}, RemovalFacts{})
	if replied.Status != ListingReplied || replied.ReplyText != "我司已筹措资金" {
		t.Fatalf("replied: %+v", replied)
	}
	declined := step(t, replied, ListingActionInput{Action: ListingDecline, Text: "已全额支付", Today: MustDate("2026-10-09")}, RemovalFacts{})
	if declined.Status != ListingDeclined || declined.Decision != "已全额支付" {
		t.Fatalf("declined: %+v", declined)
	}
	for _, tc := range []struct {
		name string
		l    Listing
		in   ListingActionInput
		code string
	}{
		{"reply before the notice", proposalForTest(t, "2026-09-28"), ListingActionInput{Action: ListingReply, On: today, Text: "x", Today: today}, EConflict},
		{"list without a notice", proposalForTest(t, "2026-09-28"), ListingActionInput{Action: ListingList, Text: "x", Today: today}, EConflict},
		{"remove a declined one", declined, ListingActionInput{Action: ListingRemove, Text: "x", Today: today, CorrectedOn: today, PledgeOn: today}, EConflict},
		{"notice in the future", proposalForTest(t, "2026-09-28"), ListingActionInput{Action: ListingNotify, On: MustDate("2026-10-30"), Text: "x", Today: today}, EInvalid},
		{"notice before the proposal", proposalForTest(t, "2026-09-28"), ListingActionInput{Action: ListingNotify, On: MustDate("2026-09-01"), Text: "x", Today: today}, EInvalid},
		{"reply before its notice", l, ListingActionInput{Action: ListingReply, On: MustDate("2026-09-28"), Text: "x", Today: today}, EInvalid},
		{"no reasons", replied, ListingActionInput{Action: ListingList, Today: today}, EInvalid},
		{"unknown action", l, ListingActionInput{Action: "publish", Text: "x", Today: today}, EInvalid},
		{"list without a legal representative", replied, ListingActionInput{Action: ListingList, Text: "x", Today: today, Persons: []PersonInput{{Name: "赵六", Role: "principal"}}}, EInvalid},
	} {
		if _, _, err := DecideListingAction(tc.l, tc.in, testTerms, DefaultCalendar(), RemovalFacts{}, maskForTest); ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
}

// The same step again, with the same content, changes nothing; with other
// content it is refused.
func TestListingStepsAreIdempotent(t *testing.T) {
	today := MustDate("2026-09-29")
	l := step(t, proposalForTest(t, "2026-09-28"), ListingActionInput{Action: ListingNotify, On: today, Text: "告知书", Today: today}, RemovalFacts{})
	again, changed, err := DecideListingAction(l, ListingActionInput{Action: ListingNotify, On: today, Text: "告知书", Today: today.AddDays(1)}, testTerms, DefaultCalendar(), RemovalFacts{}, maskForTest)
	if err != nil || changed || again.ReplyBy != l.ReplyBy {
		t.Fatalf("repeated notice: %v changed=%v", err, changed)
	}
	if _, _, err := DecideListingAction(l, ListingActionInput{Action: ListingNotify, On: today, Text: "另一份告知书", Today: today}, testTerms, DefaultCalendar(), RemovalFacts{}, maskForTest); ErrorCode(err) != EConflict {
		t.Fatalf("a second, different notice: %v", err)
	}
}

// Early removal: paid in full, six months since the correction (to the
// month's last day when the day does not exist), an integrity pledge, while
// the listing is in force.
func TestListingEarlyRemoval(t *testing.T) {
	l := proposalForTest(t, "2026-01-05")
	l = step(t, l, ListingActionInput{Action: ListingNotify, On: MustDate("2026-01-05"), Text: "告知", Today: MustDate("2026-01-05")}, RemovalFacts{})
	l = step(t, l, ListingActionInput{Action: ListingList, Text: "列入", Today: MustDate("2026-02-02")}, RemovalFacts{})
	for _, tc := range []struct {
		name      string
		today     string
		corrected string
		pledge    string
		owed      Money
		code      string
		blocks    []string
	}{
		{"all met", "2027-02-28", "2026-08-31", "2026-09-01", 0, "", nil},
		{"six months to the day", "2026-09-30", "2026-03-30", "2026-04-01", 0, "", nil},
		{"a day short", "2026-09-29", "2026-03-30", "2026-04-01", 0, EConflict, []string{"too_soon"}},
		{"31 August + 6 months is 28 February", "2027-02-27", "2026-08-31", "2026-09-01", 0, EConflict, []string{"too_soon"}},
		{"wages still owed", "2027-06-01", "2026-08-31", "2026-09-01", 150000, EConflict, []string{"wages_owed"}},
		{"owed and too soon", "2026-09-01", "2026-08-31", "2026-09-01", 1, EConflict, []string{"wages_owed", "too_soon"}},
		{"listing ended", "2029-02-02", "2026-08-31", "2026-09-01", 0, EConflict, []string{"not_in_force"}},
		{"no pledge", "2027-06-01", "2026-08-31", "", 0, EInvalid, nil},
		{"no correction date", "2027-06-01", "", "2026-09-01", 0, EInvalid, nil},
		{"pledge in the future", "2027-06-01", "2026-08-31", "2027-07-01", 0, EInvalid, nil},
	} {
		in := ListingActionInput{Action: ListingRemove, Text: "已整改并作出信用承诺", Today: MustDate(tc.today)}
		if tc.corrected != "" {
			in.CorrectedOn = MustDate(tc.corrected)
		}
		if tc.pledge != "" {
			in.PledgeOn = MustDate(tc.pledge)
		}
		out, _, err := DecideListingAction(l, in, testTerms, DefaultCalendar(), RemovalFacts{Owed: tc.owed}, maskForTest)
		if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			continue
		}
		var got []string
		for _, f := range ErrorFields(err) {
			got = append(got, f.Code)
		}
		if tc.code == EConflict && strings.Join(got, ",") != strings.Join(tc.blocks, ",") {
			t.Errorf("%s: blocks %v, want %v", tc.name, got, tc.blocks)
		}
		if tc.code == "" && (out.Status != ListingRemoved || out.RemovedOn.String() != tc.today) {
			t.Errorf("%s: %+v", tc.name, out)
		}
	}
}

// ListedOn reads a unit's listings on a date: from the start, through the
// last day, not from the day of an early removal.
func TestListedOn(t *testing.T) {
	listed := Listing{Status: ListingListed, StartOn: MustDate("2026-02-02"), EndOn: MustDate("2029-02-01")}
	removed := listed
	removed.Status, removed.RemovedOn = ListingRemoved, MustDate("2027-03-01")
	declined := Listing{Status: ListingDeclined}
	for _, tc := range []struct {
		ls   []Listing
		on   string
		want bool
	}{
		{[]Listing{listed}, "2026-02-01", false},
		{[]Listing{listed}, "2026-02-02", true},
		{[]Listing{listed}, "2029-02-01", true},
		{[]Listing{listed}, "2029-02-02", false},
		{[]Listing{removed}, "2027-02-28", true},
		{[]Listing{removed}, "2027-03-01", false},
		{[]Listing{declined, removed}, "2027-03-01", false},
		{[]Listing{declined, listed}, "2027-03-01", true},
		{nil, "2027-03-01", false},
	} {
		if got := ListedOn(tc.ls, MustDate(tc.on)); got != tc.want {
			t.Errorf("%v on %s: %v, want %v", tc.ls, tc.on, got, tc.want)
		}
	}
	if s := listed.ListingState(MustDate("2029-02-02")); s != "expired" {
		t.Errorf("state after the end: %s", s)
	}
}
