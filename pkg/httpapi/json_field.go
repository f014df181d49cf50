package httpapi

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// badValues names every value of a body its decoding refused — an amount or
// a date out of the grammar, a value of the wrong JSON type, a field the
// request does not have — each on its path ("items[3].amount") with its own
// reason: the decoder stops at the first, so the body is walked again beside
// the request's type. It runs only for a refused body; nil when the body is
// not JSON at all or nothing in it fails.
func badValues(body []byte, v any) []ledger.FieldError {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return nil
	}
	var out []ledger.FieldError
	walkValues(reflect.TypeOf(v), doc, "", &out)
	return out
}

var unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// walkValues adds to out a field error for each value in doc that the type
// t cannot take.
func walkValues(t reflect.Type, doc any, path string, out *[]ledger.FieldError) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if doc == nil {
		return // null leaves the field as it is
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		raw, _ := json.Marshal(doc)
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			*out = append(*out, valueError(t, path, err))
		}
		return
	}
	if want, got, ok := jsonTypeMismatch(t, doc); !ok {
		*out = append(*out, ledger.FieldErrorf(0, path, "type", "%s must be a %s, got a JSON %s", path, ledger.JSONKindMsg(want), ledger.JSONKindMsg(got)))
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		walkStruct(t, doc.(map[string]any), path, out)
	case reflect.Slice, reflect.Array:
		for i, el := range doc.([]any) {
			walkValues(t.Elem(), el, path+"["+strconv.Itoa(i)+"]", out)
		}
	}
}

// walkStruct checks each field of obj against the struct type t, and names
// the keys that are none of its fields.
func walkStruct(t reflect.Type, obj map[string]any, path string, out *[]ledger.FieldError) {
	known := map[string]bool{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" {
				visit(f.Type)
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !f.IsExported() || name == "-" {
				continue
			}
			known[name] = true
			if val, ok := obj[name]; ok {
				walkValues(f.Type, val, join(path, name), out)
			}
		}
	}
	visit(t)
	var unknown []string
	for k := range obj {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		*out = append(*out, ledger.FieldErrorf(0, join(path, k), "unknown_field", "%q is not a field of this request", join(path, k)))
	}
}

// jsonTypeMismatch says whether doc has the JSON type t is read from, and
// if not the names of both.
func jsonTypeMismatch(t reflect.Type, doc any) (want, got string, ok bool) {
	switch doc.(type) {
	case string:
		got = "string"
	case float64:
		got = "number"
	case bool:
		got = "bool"
	case map[string]any:
		got = "object"
	case []any:
		got = "array"
	}
	switch t.Kind() {
	case reflect.String:
		want = "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		want = "number"
		if f, isNum := doc.(float64); isNum && f != float64(int64(f)) {
			return "whole number", "number with decimals", false
		}
	case reflect.Float32, reflect.Float64:
		want = "number"
	case reflect.Bool:
		want = "bool"
	case reflect.Struct, reflect.Map:
		want = "object"
	case reflect.Slice, reflect.Array:
		want = "list"
		if got == "array" {
			got = "list"
		}
	default:
		return "", "", true
	}
	return want, got, want == got
}

// valueError is the field error of a value t's own JSON reader refused.
func valueError(t reflect.Type, path string, err error) ledger.FieldError {
	code := string(ledger.RefuseFormat)
	switch t {
	case reflect.TypeOf(ledger.Money(0)):
		code = string(ledger.RefuseAmount)
	case reflect.TypeOf(ledger.Date{}):
		code = string(ledger.RefuseDate)
	}
	var le *ledger.Error
	if errors.As(err, &le) {
		return ledger.FieldErrorf(0, path, code, "%s: %s", path, le.Msg())
	}
	return ledger.FieldErrorf(0, path, code, "%s is not valid", path)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
