package service

import (
	"github.com/wageguard/wageguard/ledger"
)

// CalendarWarning says what an operator must do about the working-day
// calendar today, in words (a message, read in each reader's language), or
// the zero Msg when nothing: this year's State Council holiday
// notice, and from 1 December next year's, must be in it, or deadlines in
// that year count the statutory holidays but miss its bridging days off and
// make-up working days. /readyz carries it, and serve logs it at start-up.
func (s *Service) CalendarWarning() ledger.Msg {
	year, missing := s.calendar().MissingNotice(ledger.DateOf(s.DB.Now()))
	if !missing {
		return ledger.Msg{}
	}
	return ledger.M("the working-day calendar lacks the State Council holiday notice for %d: deadlines in %d count its statutory holidays but not its bridging days off or make-up working days until the notice is added", year, year)
}
