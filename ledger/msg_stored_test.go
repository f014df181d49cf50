package ledger

import (
	"strings"
	"testing"
)

// A message kept in a text column reads back as the same message; text an
// older build stored, and what a person typed, read back as they are.
func TestStoredText(t *testing.T) {
	nested := M("topped up to the lodged amount as of %s: %s", NewDate(2026, 5, 2), M("%s of %s on %s", "gmv_1", Money(120000), NewDate(2026, 5, 1)))
	for _, tc := range []struct {
		name   string
		stored string
		key    string
		en     string
	}{
		{"message", M("%d workers were paid less than their net pay for %s", 3, MustPeriod("2026-10")).Encode(),
			"%d workers were paid less than their net pay for %s", "3 workers were paid less than their net pay for 2026-10"},
		{"nested", nested.Encode(), "topped up to the lodged amount as of %s: %s", "topped up to the lodged amount as of 2026-05-02: gmv_1 of 1200.00 on 2026-05-01"},
		{"older build's English", "3 workers' wages for 2026-10 are unpaid", "%s", "3 workers' wages for 2026-10 are unpaid"},
		{"a percent sign in old text", "paid 100% late", "%s", "paid 100% late"},
		{"looks like JSON but is not", `{"key": broken`, "%s", `{"key": broken`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := StoredText(tc.stored)
			if m.Key != tc.key || m.String() != tc.en {
				t.Fatalf("StoredText(%q) = %q (key %q), want %q (key %q)", tc.stored, m.String(), m.Key, tc.en, tc.key)
			}
		})
	}
	if a, b := nested.Encode(), StoredText(nested.Encode()).Encode(); a != b {
		t.Fatalf("a message read back encodes differently: %s then %s", a, b)
	}
	// An inspector's note shows as typed, whatever it looks like.
	typed := M("no longer found as of %s", "2026-01-01").Encode()
	_, e, err := DecideAlertAction(Alert{ID: "alr_1", Status: AlertOpen}, AlertActionInput{Action: ActionAcknowledge, Note: typed, Actor: "key_insp", On: NewDate(2026, 1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.NoteText().String(); got != typed {
		t.Fatalf("an inspector's note read as %q", got)
	}
	_, e, err = DecideAlertAction(Alert{ID: "alr_1", Status: AlertOpen}, AlertActionInput{Action: ActionOrderRectification, Note: "付清 100%",
		Deadline: NewDate(2026, 2, 1), Actor: "key_insp", On: NewDate(2026, 1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.NoteText(); got.String() != "deadline 2026-02-01. 付清 100%" || got.Key != "deadline %s. %s" {
		t.Fatalf("an order's note reads %q (key %q)", got.String(), got.Key)
	}
	a := Alert{ResolvedBy: "key_insp", Resolution: "paid 100%"}
	if got := a.ResolutionText().String(); got != "paid 100%" {
		t.Fatalf("an inspector's resolution read as %q", got)
	}
}

// An alert an older build stored with its reason in English takes the
// reason as a message on the next night that finds it, without a history
// entry when nothing else changed; history records a changed measure, not
// changed words.
func TestOlderEnglishReasonIsRewrittenQuietly(t *testing.T) {
	d := mustDate
	f := checkFixture()
	f.Payments[1].SettledOn = d("2026-04-28") // the bank pays line 2 late
	alerts := applyPlan(nil, night(f, d("2026-04-20"), nil))
	if len(alerts) == 0 {
		t.Fatal("no alert")
	}
	for i := range alerts {
		alerts[i].Reason = alerts[i].ReasonText().String() // as an older build stored it
	}
	again := night(f, d("2026-04-20"), alerts)
	if len(again.Events) != 0 || len(again.Update) != len(alerts) {
		t.Fatalf("the same night over English reasons: %d events, %d updates of %d alerts", len(again.Events), len(again.Update), len(alerts))
	}
	for _, u := range again.Update {
		if !strings.HasPrefix(u.Reason, `{"key":`) {
			t.Fatalf("reason not rewritten as a message: %q", u.Reason)
		}
	}
	// History records a change of measures, not of words: other words
	// alone are rewritten quietly too, a changed amount is news.
	alerts[0].Reason = "some other words"
	if p := night(f, d("2026-04-20"), alerts); len(p.Events) != 0 || len(p.Update) != len(alerts) {
		t.Fatalf("a changed reason alone: %+v", p.Events)
	}
	alerts[0].AmountAtRisk++
	if p := night(f, d("2026-04-20"), alerts); len(p.Events) != 1 || p.Events[0].Kind != EventUpdated {
		t.Fatalf("a changed amount: %+v", p.Events)
	}
}
