package httpapi

import "github.com/wageguard/wageguard/ledger"

// FieldError names one bad field and, for files, its row; code is for
// programs and never changes with the language, message is for a person.
type FieldError struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// fieldErrorsOf maps field errors, keeping nil as nil: a problem without
// field errors leaves errors out.
func fieldErrorsOf(errs []ledger.FieldError) []FieldError {
	if errs == nil {
		return nil
	}
	return mapEach(errs, func(f ledger.FieldError) FieldError {
		return FieldError{Row: f.Row, Field: f.Field, Code: f.Code, Message: f.Message}
	})
}
