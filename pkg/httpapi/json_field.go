package httpapi

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// namedValueError names the field of a value the body's decoding refused
// (an amount or a date out of the grammar, a JSON number for money): the
// decoder reports what was wrong, not where, so the body is walked again
// beside the request's type to find the value that fails. It runs only for
// a refused body. le is returned unchanged when no field is found.
func namedValueError(body []byte, v any, le *ledger.Error) *ledger.Error {
	if len(le.Fields) > 0 {
		return le
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return le
	}
	path, t := failingValue(reflect.TypeOf(v), doc, "")
	if path == "" {
		return le
	}
	code := string(ledger.RefuseFormat)
	switch t {
	case reflect.TypeOf(ledger.Money(0)):
		code = string(ledger.RefuseAmount)
	case reflect.TypeOf(ledger.Date{}):
		code = string(ledger.RefuseDate)
	}
	return ledger.NewError(le.Code, le.Msg(), ledger.FieldErrorf(0, path, code, "%s: %s", path, le.Msg()))
}

var unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// failingValue returns the path ("items[3].amount") and type of the first
// value in doc that the type t's own JSON reader refuses.
func failingValue(t reflect.Type, doc any, path string) (string, reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		raw, _ := json.Marshal(doc)
		if reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw) != nil {
			return path, t
		}
		return "", nil
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, _ := doc.(map[string]any)
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" {
				if p, ft := failingValue(f.Type, doc, path); p != "" {
					return p, ft
				}
				continue
			}
			if name == "" {
				name = f.Name
			}
			if val, ok := obj[name]; ok && f.IsExported() && name != "-" && val != nil {
				if p, ft := failingValue(f.Type, val, join(path, name)); p != "" {
					return p, ft
				}
			}
		}
	case reflect.Slice, reflect.Array:
		list, _ := doc.([]any)
		for i, el := range list {
			if p, ft := failingValue(t.Elem(), el, path+"["+strconv.Itoa(i)+"]"); p != "" {
				return p, ft
			}
		}
	}
	return "", nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
