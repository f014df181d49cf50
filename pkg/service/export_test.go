package service

// WagesOwedBy is wagesOwedBy, for the test that holds it to
// store.WagesOwedByContractor.
var WagesOwedBy = wagesOwedBy
