package service

import "github.com/wageguard/wageguard/ledger"

// FailNight makes s fail the check of the nights fail returns an error for.
func FailNight(s *Service, fail func(ledger.Date) error) { s.failNight = fail }
