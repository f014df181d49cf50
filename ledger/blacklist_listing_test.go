package ledger

import (
	"strings"
	"testing"
)

func maskForTest(s string) string { return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:] }

var testTerms = ListingTerms{ReplyWorkingDays: 5, Years: 3, RemovalMonths: 6}

// testThreshold is Beijing's: one worker owed 3 months and ¥20,000, or 10
// workers owed ¥100,000 in all.
var testThreshold = CriminalThreshold{Months: 3, OneWorker: MustMoney("20000.00"), Workers: 10, Total: MustMoney("100000.00")}

// unpaidOrder is an order to pay lapsed with what each line names unpaid:
// "enrolment@period=amount".
func unpaidOrder(id string, lines ...string) PayOrder {
	o := PayOrder{ID: id, EmployerID: "org_sub", Status: OrderLapsed, Deadline: MustDate("2025-12-01")}
	for _, l := range lines {
		who, amount, _ := strings.Cut(l, "=")
		enr, period, _ := strings.Cut(who, "@")
		m := MustMoney(amount)
		o.Lines = append(o.Lines, PayOrderLine{EnrolmentID: enr, Period: MustPeriod(period), Amount: m, Unpaid: m})
		o.Amount, o.Unpaid = o.Amount+m, o.Unpaid+m
	}
	return o
}

// lapsedFacts: one worker owed three months, ¥21,000 in all, under a lapsed order.
var lapsedFacts = ListingFacts{Threshold: testThreshold,
	Lapsed: []PayOrder{unpaidOrder("ord_1", "enr_1@2025-08=7000.00", "enr_1@2025-09=7000.00", "enr_1@2025-10=7000.00")}}

func proposalForTest(t *testing.T, on string) Listing {
	t.Helper()
	c := BlacklistCandidate{EmployerID: "org_sub", ProjectID: "prj_1", AlertID: "alr_1", Source: CandidateEscalation}
	l, err := NewListing(c, "逾期未支付，拖欠 12 名工人工资 ¥120000.00", []PersonInput{{Name: "王五", Role: "legal_representative", IDNumber: "11010519491231002X"}}, MustDate(on), maskForTest, nil, lapsedFacts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func step(t *testing.T, l Listing, in ListingActionInput, facts ListingFacts) Listing {
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
		{"unknown role", "r", []PersonInput{{Name: "王五", Role: "boss"}}, "responsible_persons[0].role"},
		{"bad id", "r", []PersonInput{{Name: "王五", Role: "principal", IDNumber: "36042619910102009X"}}, "responsible_persons[0].id_number"},
		{"no name", "r", []PersonInput{{Name: "", Role: "principal"}}, "responsible_persons[0].name"},
		{"twice", "r", []PersonInput{{Name: "王五", Role: "principal"}, {Name: "王五", Role: "principal"}}, "responsible_persons[1]"},
	} {
		_, err := NewListing(c, tc.reason, tc.persons, MustDate("2026-03-02"), maskForTest, nil, lapsedFacts)
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
		_, err := NewListing(c, "再次拖欠", nil, MustDate(tc.on), maskForTest, []Listing{tc.was}, lapsedFacts)
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
	l = step(t, l, ListingActionInput{Action: ListingNotify, On: MustDate("2026-09-29"), Text: "拟列入告知书", Today: today}, lapsedFacts)
	// 30 Sep, then 1–7 Oct off, 8, 9, Saturday 10 Oct (make-up), 12 Oct.
	if l.Status != ListingNotified || l.ReplyBy.String() != "2026-10-12" {
		t.Fatalf("notified: %s, reply by %s", l.Status, l.ReplyBy)
	}
	_, _, err := DecideListingAction(l, ListingActionInput{Action: ListingList, Text: "达到数额较大标准", Today: MustDate("2026-10-12")}, testTerms, DefaultCalendar(), lapsedFacts, maskForTest)
	if ErrorCode(err) != EConflict || !strings.Contains(err.Error(), "2026-10-12") {
		t.Fatalf("listing inside the reply period: %v", err)
	}
	listed := step(t, l, ListingActionInput{Action: ListingList, Text: "达到数额较大标准", Today: MustDate("2026-10-13"), Actor: "insp"}, lapsedFacts)
	if listed.Status != ListingListed || listed.StartOn.String() != "2026-10-13" || listed.EndOn.String() != "2029-10-12" || listed.DecidedBy != "insp" {
		t.Fatalf("listed: %+v", listed)
	}
	// A reply kept lets the inspector decide at once.
	replied := step(t, l, ListingActionInput{Action: ListingReply, On: MustDate("2026-10-09"), Text: "我司已筹措资金", Today: MustDate("2026-10-09")}, lapsedFacts)
	if replied.Status != ListingReplied || replied.ReplyText != "我司已筹措资金" {
		t.Fatalf("replied: %+v", replied)
	}
	declined := step(t, replied, ListingActionInput{Action: ListingDecline, Text: "已全额支付", Today: MustDate("2026-10-09")}, lapsedFacts)
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
		{"list without a legal representative or principal", replied, ListingActionInput{Action: ListingList, Text: "x", Today: today, Persons: []PersonInput{{Name: "赵六", Role: "directly_responsible"}}}, EInvalid},
	} {
		if _, _, err := DecideListingAction(tc.l, tc.in, testTerms, DefaultCalendar(), lapsedFacts, maskForTest); ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
}

// The same step again, with the same content, changes nothing; with other
// content it is refused.
func TestListingStepsAreIdempotent(t *testing.T) {
	today := MustDate("2026-09-29")
	l := step(t, proposalForTest(t, "2026-09-28"), ListingActionInput{Action: ListingNotify, On: today, Text: "告知书", Today: today}, lapsedFacts)
	again, changed, err := DecideListingAction(l, ListingActionInput{Action: ListingNotify, On: today, Text: "告知书", Today: today.AddDays(1)}, testTerms, DefaultCalendar(), lapsedFacts, maskForTest)
	if err != nil || changed || again.ReplyBy != l.ReplyBy {
		t.Fatalf("repeated notice: %v changed=%v", err, changed)
	}
	if _, _, err := DecideListingAction(l, ListingActionInput{Action: ListingNotify, On: today, Text: "另一份告知书", Today: today}, testTerms, DefaultCalendar(), lapsedFacts, maskForTest); ErrorCode(err) != EConflict {
		t.Fatalf("a second, different notice: %v", err)
	}
}

// Early removal: paid in full, six months since the correction (to the
// month's last day when the day does not exist) and without a new violation
// (DOMAIN.md), an integrity pledge, while the listing is in force.
func TestListingEarlyRemoval(t *testing.T) {
	l := proposalForTest(t, "2026-01-05")
	l = step(t, l, ListingActionInput{Action: ListingNotify, On: MustDate("2026-01-05"), Text: "告知", Today: MustDate("2026-01-05")}, lapsedFacts)
	l = step(t, l, ListingActionInput{Action: ListingList, Text: "列入", Today: MustDate("2026-02-02")}, lapsedFacts)
	for _, tc := range []struct {
		name      string
		today     string
		corrected string
		pledge    string
		owed      Money
		code      string
		blocks    []string
		violation string // the unit's last violation (an arrears alert about it) first seen
	}{
		{"all met", "2027-02-28", "2026-08-31", "2026-09-01", 0, "", nil, ""},
		{"six months to the day", "2026-09-30", "2026-03-30", "2026-04-01", 0, "", nil, ""},
		{"a day short", "2026-09-29", "2026-03-30", "2026-04-01", 0, EConflict, []string{"too_soon"}, ""},
		{"31 August + 6 months is 28 February", "2027-02-27", "2026-08-31", "2026-09-01", 0, EConflict, []string{"too_soon"}, ""},
		{"wages still owed", "2027-06-01", "2026-08-31", "2026-09-01", 150000, EConflict, []string{"wages_owed"}, ""},
		{"owed and too soon", "2026-09-01", "2026-08-31", "2026-09-01", 1, EConflict, []string{"wages_owed", "too_soon"}, ""},
		{"listing ended", "2029-02-02", "2026-08-31", "2026-09-01", 0, EConflict, []string{"not_in_force"}, ""},
		{"no pledge", "2027-06-01", "2026-08-31", "", 0, EInvalid, nil, ""},
		{"no correction date", "2027-06-01", "", "2026-09-01", 0, EInvalid, nil, ""},
		{"pledge in the future", "2027-06-01", "2026-08-31", "2027-07-01", 0, EInvalid, nil, ""},
		{"pledge before the listing", "2027-06-01", "2026-08-31", "2026-01-20", 0, EInvalid, nil, ""},
		{"corrected before the listing: six months from its start", "2026-02-03", "2025-06-01", "2026-02-03", 0, EConflict, []string{"too_soon"}, ""},
		{"corrected before the listing, a day short", "2026-08-01", "2025-06-01", "2026-02-03", 0, EConflict, []string{"too_soon"}, ""},
		{"corrected before the listing, six months after its start", "2026-08-02", "2025-06-01", "2026-02-03", 0, "", nil, ""},
		{"a new violation five months ago", "2027-02-28", "2026-08-31", "2026-09-01", 0, EConflict, []string{"violation_recent"}, "2026-09-30"},
		{"a new violation six months ago to the day", "2027-02-28", "2026-08-31", "2026-09-01", 0, "", nil, "2026-08-28"},
		{"a new violation a day short of six months", "2027-02-27", "2026-08-31", "2026-09-01", 0, EConflict, []string{"too_soon", "violation_recent"}, "2026-08-28"},
	} {
		in := ListingActionInput{Action: ListingRemove, Text: "已整改并作出信用承诺", Today: MustDate(tc.today)}
		if tc.corrected != "" {
			in.CorrectedOn = MustDate(tc.corrected)
		}
		if tc.pledge != "" {
			in.PledgeOn = MustDate(tc.pledge)
		}
		facts := ListingFacts{Owed: tc.owed}
		if tc.violation != "" {
			facts.LastViolationOn = MustDate(tc.violation)
		}
		out, _, err := DecideListingAction(l, in, testTerms, DefaultCalendar(), facts, maskForTest)
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

// Order No. 45's precondition: no proposal without an order to pay lapsed
// unpaid; no decision to list without one, nor without the threshold
// reached or an incident recorded as the ground.
func TestListingNeedsALapsedOrderAndItsGround(t *testing.T) {
	c := BlacklistCandidate{EmployerID: "org_sub", ProjectID: "prj_1", AlertID: "alr_1"}
	_, err := NewListing(c, "拖欠", nil, MustDate("2026-03-02"), maskForTest, nil, ListingFacts{Threshold: testThreshold})
	if ErrorCode(err) != EConflict || len(ErrorFields(err)) != 1 || ErrorFields(err)[0].Field != "order" {
		t.Fatalf("a proposal without a lapsed order: %v", err)
	}
	today := MustDate("2026-03-02")
	l := step(t, proposalForTest(t, "2026-03-02"), ListingActionInput{Action: ListingNotify, On: today, Text: "告知", Today: today}, lapsedFacts)
	l = step(t, l, ListingActionInput{Action: ListingReply, On: today, Text: "无异议", Today: today}, lapsedFacts)
	// Two months of one worker, and nine workers: below Beijing's threshold.
	below := ListingFacts{Threshold: testThreshold, Lapsed: []PayOrder{unpaidOrder("ord_2", "enr_1@2025-09=15000.00", "enr_1@2025-10=15000.00")}}
	for i := 2; i <= 9; i++ {
		below.Lapsed[0].Lines = append(below.Lapsed[0].Lines, PayOrderLine{EnrolmentID: "enr_" + string(rune('0'+i)), Period: MustPeriod("2025-10"), Unpaid: MustMoney("9000.00")})
	}
	// The same worker's month under two orders counts once: ten workers, ¥100,000.
	many := ListingFacts{Threshold: testThreshold, Lapsed: []PayOrder{unpaidOrder("ord_3", "w0@2025-10=10000.00", "w1@2025-10=10000.00", "w2@2025-10=10000.00",
		"w3@2025-10=10000.00", "w4@2025-10=10000.00"), unpaidOrder("ord_4", "w4@2025-10=10000.00", "w5@2025-10=10000.00", "w6@2025-10=10000.00",
		"w7@2025-10=10000.00", "w8@2025-10=10000.00", "w9@2025-10=10000.00")}}
	manyTwice := many
	manyTwice.Lapsed = []PayOrder{many.Lapsed[0], unpaidOrder("ord_5", "w4@2025-10=10000.00", "w5@2025-10=10000.00")}
	for _, tc := range []struct {
		name   string
		facts  ListingFacts
		ground ListingGround
		code   string
		field  string
		want   ListingGround
	}{
		{"one worker, three months, ¥21,000", lapsedFacts, "", "", "", GroundThreshold},
		{"ten workers, ¥100,000", many, GroundThreshold, "", "", GroundThreshold},
		{"seven workers: a month counted twice", manyTwice, "", EConflict, "ground", ""},
		{"below the threshold", below, "", EConflict, "ground", ""},
		{"below the threshold, a mass incident", below, GroundMassIncident, "", "", GroundMassIncident},
		{"below the threshold, an extreme incident", below, GroundExtremeIncident, "", "", GroundExtremeIncident},
		{"no lapsed order, a mass incident", ListingFacts{Threshold: testThreshold}, GroundMassIncident, EConflict, "order", ""},
		{"no lapsed order", ListingFacts{Threshold: testThreshold}, "", EConflict, "order", ""},
		{"unknown ground", lapsedFacts, "riot", EInvalid, "ground", ""},
	} {
		out, _, err := DecideListingAction(l, ListingActionInput{Action: ListingList, Text: "决定列入", Ground: tc.ground, Today: today}, testTerms, DefaultCalendar(), tc.facts, maskForTest)
		if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			continue
		}
		if tc.code != "" {
			if fs := ErrorFields(err); len(fs) != 1 || fs[0].Field != tc.field {
				t.Errorf("%s: fields %+v, want %s", tc.name, fs, tc.field)
			}
			continue
		}
		if out.Status != ListingListed || out.Ground != tc.want {
			t.Errorf("%s: %s on ground %q, want %q", tc.name, out.Status, out.Ground, tc.want)
		}
	}
}

// Order No. 45 names the legal representative or the principal (主要负责人).
func TestListingNamesThePrincipal(t *testing.T) {
	today := MustDate("2026-03-02")
	c := BlacklistCandidate{EmployerID: "org_sub", ProjectID: "prj_1", AlertID: "alr_1"}
	l, err := NewListing(c, "拖欠", []PersonInput{{Name: "赵六", Role: "principal"}}, today, maskForTest, nil, lapsedFacts)
	if err != nil {
		t.Fatal(err)
	}
	l = step(t, l, ListingActionInput{Action: ListingNotify, On: today, Text: "告知", Today: today}, lapsedFacts)
	l = step(t, l, ListingActionInput{Action: ListingReply, On: today, Text: "无异议", Today: today}, lapsedFacts)
	if out := step(t, l, ListingActionInput{Action: ListingList, Text: "列入", Today: today}, lapsedFacts); out.Status != ListingListed {
		t.Fatalf("listed naming the principal: %+v", out)
	}
}

// A decision to list given again with other persons or another ground is
// not the same decision: it is refused, not silently kept.
func TestListingRepeatReadsPersonsAndGround(t *testing.T) {
	today := MustDate("2026-03-02")
	l := step(t, proposalForTest(t, "2026-03-02"), ListingActionInput{Action: ListingNotify, On: today, Text: "告知", Today: today}, lapsedFacts)
	l = step(t, l, ListingActionInput{Action: ListingReply, On: today, Text: "无异议", Today: today}, lapsedFacts)
	l = step(t, l, ListingActionInput{Action: ListingList, Text: "列入", Today: today}, lapsedFacts)
	same := []PersonInput{{Name: "王五", Role: "legal_representative", IDNumber: "11010519491231002X"}}
	for _, tc := range []struct {
		name    string
		in      ListingActionInput
		changed bool
		code    string
	}{
		{"the same", ListingActionInput{Action: ListingList, Text: "列入", Today: today}, false, ""},
		{"the same persons", ListingActionInput{Action: ListingList, Text: "列入", Persons: same, Today: today}, false, ""},
		{"the same ground", ListingActionInput{Action: ListingList, Text: "列入", Ground: GroundThreshold, Today: today}, false, ""},
		{"another person", ListingActionInput{Action: ListingList, Text: "列入", Persons: []PersonInput{{Name: "赵六", Role: "legal_representative"}}, Today: today}, false, EConflict},
		{"another ground", ListingActionInput{Action: ListingList, Text: "列入", Ground: GroundMassIncident, Today: today}, false, EConflict},
	} {
		_, changed, err := DecideListingAction(l, tc.in, testTerms, DefaultCalendar(), lapsedFacts, maskForTest)
		if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) || changed != tc.changed {
			t.Errorf("%s: changed %v, %v; want %q", tc.name, changed, err, tc.code)
		}
	}
}

// The reply period counts from the day the unit received the notice.
func TestListingReplyPeriodFromService(t *testing.T) {
	l := proposalForTest(t, "2026-09-21")
	today := MustDate("2026-09-25")
	for _, tc := range []struct {
		served, replyBy string
		code            string
	}{
		{"", "2026-09-29", ""},           // notice 21 Sep: 22, 23, 24, then 25–27 off, 28, 29
		{"2026-09-24", "2026-10-09", ""}, // 28, 29, 30, then 1–7 Oct off, 8, 9
		{"2026-09-20", "", EInvalid},     // served before the notice
		{"2026-09-26", "", EInvalid},     // served in the future
	} {
		in := ListingActionInput{Action: ListingNotify, On: MustDate("2026-09-21"), Text: "告知", Today: today}
		if tc.served != "" {
			in.ServedOn = MustDate(tc.served)
		}
		out, _, err := DecideListingAction(l, in, testTerms, DefaultCalendar(), lapsedFacts, maskForTest)
		if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("served %q: %v, want %q", tc.served, err, tc.code)
			continue
		}
		if err == nil && out.ReplyBy.String() != tc.replyBy {
			t.Errorf("served %q: reply by %s, want %s", tc.served, out.ReplyBy, tc.replyBy)
		}
	}
}

// A listing runs three years (Order No. 45): a policy file cannot shorten
// or lengthen it.
func TestListingYearsAreNational(t *testing.T) {
	for _, years := range []string{"1", "2", "4"} {
		if _, err := ParsePolicy([]byte(`{"params":[{"region":"110000","from":"2026-01-01","source":"s","values":{"blacklist.listing.years":` + years + `}}]}`)); err == nil {
			t.Errorf("a policy listing for %s years was accepted", years)
		}
	}
	if _, err := ParsePolicy([]byte(`{"params":[{"region":"110000","from":"2026-01-01","source":"s","values":{"blacklist.listing.years":3}}]}`)); err != nil {
		t.Errorf("three years: %v", err)
	}
}

// TestListingTermsDay: a notice reads the terms of the day it was served
// (by default its date); every other step today's.
func TestListingTermsDay(t *testing.T) {
	today, on, served := MustDate("2026-12-10"), MustDate("2026-12-03"), MustDate("2026-12-04")
	for _, c := range []struct {
		in   ListingActionInput
		want Date
	}{
		{ListingActionInput{Action: ListingNotify, On: on, ServedOn: served, Today: today}, served},
		{ListingActionInput{Action: ListingNotify, On: on, Today: today}, on},
		{ListingActionInput{Action: ListingReply, On: on, Today: today}, today},
	} {
		if got := ListingTermsDay(c.in); got != c.want {
			t.Errorf("%s: %s, want %s", c.in.Action, got, c.want)
		}
	}
}
