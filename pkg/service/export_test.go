package service

import "github.com/wageguard/wageguard/ledger"

// FaultConfirmations makes every confirmation transaction that holds an
// item f returns true for fail after its writes, as a database that refuses
// a value would: the transaction rolls back for real.
func FaultConfirmations(s *Service, f func(ledger.ConfirmationItem) bool) { s.faultConfirmation = f }
