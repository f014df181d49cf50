package ledger

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Storage and services return these; the HTTP layer maps each to
// a status in one table (pkg/httpapi/problem.go).
const (
	EInvalid      = "invalid"
	ENotFound     = "not_found"
	EConflict     = "conflict"
	EUnauthorized = "unauthorized"
	EForbidden    = "forbidden"
	ETooLarge     = "too_large"
	EInternal     = "internal"
	// EUnavailable is a database that does not answer: nothing was done,
	// and the same request may be sent again shortly (HTTP 503 with
	// Retry-After).
	EUnavailable = "unavailable"
)

// FieldError names one bad field, and for files the row it sits on (1-based,
// counting the header as row 1 the way a spreadsheet does). Code is a short
// machine word ("checksum", "required"); Message is for a person.
//
// Its json tags are a storage format: a worker import's warnings are kept in
// the uploads table inside service.ImportResult, and replayed from there
// when the same file comes again (pkg/service TestStoredUploadResultsShape
// pins the shape). The wire has its own type, httpapi.FieldError.
//
// Message is the English text; Text, when set, is the same sentence as a
// catalogue key and arguments, rendered in the reader's language by whoever
// shows it (a Message without Text is its own key).
type FieldError struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Text    *Msg   `json:"text,omitempty"`
	// Column is the heading an uploaded file gave the field's column, as
	// the clerk's spreadsheet shows it; Field stays the machine's name.
	Column string `json:"column,omitempty"`
}

// Msg is the field error's message as key and arguments.
func (f FieldError) Msg() Msg {
	if f.Text != nil {
		return *f.Text
	}
	return Msg{Key: f.Message}
}

// FieldErrorf is the field error of code on a row's field, with a message
// kept as format and arguments (see Msg).
func FieldErrorf(row int, field, code, format string, args ...any) FieldError {
	m := M(format, args...)
	return FieldError{Row: row, Field: field, Code: code, Message: m.String(), Text: &m}
}

func (f FieldError) String() string {
	if f.Row > 0 {
		return fmt.Sprintf("row %d, %s: %s", f.Row, f.Field, f.Message)
	}
	return fmt.Sprintf("%s: %s", f.Field, f.Message)
}

// Error is an application error: a code, a message safe to show to the caller,
// and for validation failures every bad field. Message is the English text;
// Text, when set, is the same as catalogue key and arguments (see Msg).
type Error struct {
	Code    string
	Message string
	Text    *Msg
	Fields  []FieldError
}

// Msg is the error's message as key and arguments; a Message without Text
// is its own key.
func (e *Error) Msg() Msg {
	if e.Text != nil {
		return *e.Text
	}
	return Msg{Key: e.Message}
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
		if i == 4 && len(e.Fields) > 5 {
			fmt.Fprintf(&b, "; and %d more", len(e.Fields)-5)
			break
		}
	}
	return b.String()
}

// Errorf returns an *Error with the given code and a formatted message.
// The format is the message's catalogue key (see Msg).
func Errorf(code, format string, args ...any) *Error {
	m := M(format, args...)
	return &Error{Code: code, Message: m.String(), Text: &m}
}

// ErrorCode returns the code of err, EInternal for anything that is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the caller-safe message of err; internal errors hide
// their text, which may hold SQL or driver detail.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the field errors of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects field errors so that a caller sees every bad field at once.
type Validation struct {
	Fields []FieldError
}

// Add records a bad field.
func (v *Validation) Add(field, code, format string, args ...any) {
	v.Fields = append(v.Fields, FieldErrorf(0, field, code, format, args...))
}

// Err returns nil when nothing was added, else an EInvalid *Error with message msg.
func (v *Validation) Err(msg string) error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: msg, Fields: v.Fields}
}
