package httpapi

import (
	"encoding/json"
	"net/http"
)

// problemRender writes a problem document with its own content type; gin's
// JSON renderer would overwrite it with application/json.
type problemRender struct{ p Problem }

func (r problemRender) Render(w http.ResponseWriter) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r.p)
}

func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}

// rawJSON writes bytes that are already JSON (a stored idempotent response).
type rawJSON []byte

func (r rawJSON) Render(w http.ResponseWriter) error {
	// gin calls WriteContentType only for answers without a body.
	r.WriteContentType(w)
	_, err := w.Write(r)
	return err
}

func (r rawJSON) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
}
