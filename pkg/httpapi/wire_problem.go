package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// FieldError names one bad field and, for files, its row; code is for
// programs and never changes with the language, message is for a person,
// in the language the request asked for (Accept-Language).
type FieldError struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Column is the heading the uploaded file gave the field's column: the
	// name the clerk knows it by. Field is the machine's name, the same in
	// every file and language.
	Column string `json:"column,omitempty"`
	text   ledger.Msg
}

// localize renders the message in lang (see localized).
func (f *FieldError) localize(lang i18n.Lang) {
	if f.text.Key != "" {
		f.Message = i18n.Of(lang, f.text)
	}
}

// fieldErrorsOf maps field errors, keeping nil as nil: a problem without
// field errors leaves errors out. Their messages are rendered in the
// request's language when the answer is written (localized).
func fieldErrorsOf(errs []ledger.FieldError) []FieldError {
	if errs == nil {
		return nil
	}
	return mapEach(errs, func(f ledger.FieldError) FieldError {
		return FieldError{Row: f.Row, Field: f.Field, Code: f.Code, Message: f.Message, Column: f.Column, text: f.Msg()}
	})
}
