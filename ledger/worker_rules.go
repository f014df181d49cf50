package ledger

// CheckExit decides whether an enrolment may record its worker's exit on on:
// a date on or after the worker's entry and not in the future, for a worker
// who has not already left (exitedOn nil).
func CheckExit(enrolmentID string, on, enteredOn Date, exitedOn *Date, today Date) error {
	if err := CheckEventDate("exited_on", on, enteredOn, "worker's entry", today); err != nil {
		return err
	}
	if exitedOn != nil {
		return Errorf(EConflict, "enrolment %s already exited on %s", enrolmentID, exitedOn)
	}
	return nil
}

// CheckCardBank decides whether a worker's new card may name bankID, an
// organisation of kind kind ("" when no organisation has that ID): only a
// registered bank holds wage cards.
func CheckCardBank(bankID string, kind OrgKind) error {
	if kind == OrgBank {
		return nil
	}
	return &Error{Code: EInvalid, Message: "update is not valid",
		Fields: []FieldError{RefuseNotABank.Atf(0, "bank_id", "%q is not a registered bank", bankID)}}
}

// CheckEnrolmentFilter decides whether a list of workers may be filtered by
// status: "" (every worker), active or exited.
func CheckEnrolmentFilter(status EnrolmentStatus) error {
	if status == "" || status == EnrolmentActive || status == EnrolmentExited {
		return nil
	}
	return &Error{Code: EInvalid, Message: "bad filter", Fields: []FieldError{RefuseUnknown.At(0, "status", "status must be active or exited")}}
}
