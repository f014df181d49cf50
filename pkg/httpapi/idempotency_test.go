package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// sendFile sends content as the "file" part of a multipart form with fields,
// and with headers (name, value pairs).
func (e *env) sendFile(path, key, filename string, content []byte, fields map[string]string, headers ...string) resp {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			e.t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req := httptest.NewRequest("POST", path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+key)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	e.api.Handler().ServeHTTP(w, req)
	e.bodies.Write(w.Body.Bytes())
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// Two different worker files under one Idempotency-Key: the second is a
// different request, so it is refused and changes nothing (it used to be
// stored as a second import, answering 201).
func TestUploadUnderUsedKeyIsConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		first := []byte(rosterHeader + rosterRow(nextSeq(), bankName))
		second := []byte(rosterHeader + rosterRow(nextSeq(), bankName))
		r := s.sendFile(s.path("/workers/import"), s.subKey, "a.csv", first, nil, "Idempotency-Key", "roster-1")
		if r.Status != 201 || r.Header.Get("Idempotency-Hit") != "false" {
			t.Fatalf("first file: %d hit=%q %s", r.Status, r.Header.Get("Idempotency-Hit"), r.Body)
		}
		again := s.sendFile(s.path("/workers/import"), s.subKey, "a-copy.csv", first, nil, "Idempotency-Key", "roster-1")
		if again.Status != 201 || again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("same file, same key: %d hit=%q %s", again.Status, again.Header.Get("Idempotency-Hit"), again.Body)
		}
		other := s.sendFile(s.path("/workers/import"), s.subKey, "b.csv", second, nil, "Idempotency-Key", "roster-1")
		if other.Status != 409 || other.str(t, "code") != "conflict" {
			t.Errorf("another file, same key: %d %s", other.Status, other.Body)
		}
		if n := s.count("enrolments"); n != 1 {
			t.Errorf("%d enrolments, want 1", n)
		}
	})
}
