package console

import (
	"cmp"
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// actorNames names the people behind an alert's history as an inspector
// knows them: each API key by its organisation's name and the key's label,
// the nightly check and the system in words; a key the store does not know
// stays its ID.
func (c *Console) actorNames(q *req, events []ledger.AlertEvent) map[string]string {
	out := map[string]string{}
	for _, e := range events {
		if _, done := out[e.Actor]; done {
			continue
		}
		out[e.Actor] = e.Actor
		switch e.Actor {
		case ledger.ResolvedByCheck:
			out[e.Actor] = i18n.T(q.lang, "console.actor.check")
			continue
		case ledger.SystemActor:
			out[e.Actor] = i18n.T(q.lang, "console.actor.system")
			continue
		}
		org, label, err := c.svc.KeyHolder(q.ctx, e.Actor)
		switch {
		case err != nil:
		case org != "" && label != "":
			out[e.Actor] = i18n.T(q.lang, "console.actor.key", org, label)
		case org != "":
			out[e.Actor] = org
		case label != "":
			out[e.Actor] = label
		}
	}
	return out
}

// confirmationID is a bank confirmation's ID inside a message (the check
// names the confirmations that resolved an alert).
var confirmationID = regexp.MustCompile(`\bcnf_[0-9a-z]+\b`)

// confirmation is a bank confirmation as a person reads it: the bank's
// reference, the day it settled and the amount, and the worker it paid.
type confirmation struct {
	Label string
	Link  string
}

// confirmationsIn reads the bank confirmations the messages name.
func (c *Console) confirmationsIn(q *req, projectID string, msgs ...ledger.Msg) (map[string]confirmation, error) {
	var ev []ledger.Evidence
	seen := map[string]bool{}
	for _, m := range msgs {
		for _, id := range confirmationID.FindAllString(m.String(), -1) {
			if !seen[id] {
				seen[id] = true
				ev = append(ev, ledger.Evidence{Kind: ledger.EvidenceConfirmation, Ref: id})
			}
		}
	}
	out := map[string]confirmation{}
	if len(ev) == 0 {
		return out, nil
	}
	details, err := c.svc.AlertEvidence(q.ctx, projectID, ev)
	if err != nil {
		return nil, err
	}
	for _, e := range ev {
		d, ok := details[string(ledger.EvidenceConfirmation)+":"+e.Ref]
		if !ok {
			continue
		}
		cf := confirmation{Label: i18n.T(q.lang, "console.confirmation.label", d.BankRef, d.On.String(), money(d.Amount))}
		if d.EnrolmentID != "" {
			cf.Link = Prefix + "projects/" + url.PathEscape(projectID) + "/workers/" + url.PathEscape(d.EnrolmentID)
		}
		out[e.Ref] = cf
	}
	return out, nil
}

// linked renders m in lang, with every bank confirmation it names shown as
// what it is (and linked to the worker it paid) rather than as its ID.
func linked(lang i18n.Lang, m ledger.Msg, cfs map[string]confirmation) template.HTML {
	text := template.HTMLEscapeString(i18n.Of(lang, m))
	return template.HTML(confirmationID.ReplaceAllStringFunc(text, func(id string) string {
		cf, ok := cfs[id]
		if !ok {
			return id
		}
		label := template.HTMLEscapeString(cf.Label)
		if cf.Link == "" {
			return `<span class="confirmation" title="` + id + `">` + label + `</span>`
		}
		return `<a class="confirmation" href="` + template.HTMLEscapeString(cf.Link) + `" title="` + id + `">` + label + `</a>`
	}))
}

// naturalCompare orders references as a person counts them: runs of
// digits by their number, so a payroll's line 2 comes before line 10
// (text order put 1, 10, 11, 2).
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
