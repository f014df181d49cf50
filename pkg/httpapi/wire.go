package httpapi

// The wire types (wire_*.go) are the public JSON contract of the API. Storage
// rows and service results are mapped into them field by field, so that a
// change to a table or a use case cannot change what clients receive without
// a change here; the golden files in testdata/golden and the response
// validation against schemas/openapi.yaml hold them to the contract.

// mapped adapts a service call's (result, error) to a write's (response,
// error), turning the result into its wire type.
func mapped[T, W any](to func(T) W) func(T, error) (any, error) {
	return func(v T, err error) (any, error) {
		if err != nil {
			return nil, err
		}
		return to(v), nil
	}
}

// mapEach maps a slice to its wire type; the result is never nil, so that an
// empty list is written [] and not null.
func mapEach[T, W any](items []T, to func(T) W) []W {
	out := make([]W, len(items))
	for i, it := range items {
		out[i] = to(it)
	}
	return out
}

// listOf is a page of items in their wire type, the cursor taken from the
// last domain item.
func listOf[T, W any](items []T, limit int, lastID func(T) string, to func(T) W) listResponse[W] {
	l := newList(items, limit, lastID)
	return listResponse[W]{Items: mapEach(l.Items, to), NextCursor: l.NextCursor}
}

// Health is the answer of /healthz and /readyz.
type Health struct {
	Status   string   `json:"status"`
	Warnings []string `json:"warnings,omitempty"` // /readyz: ready, but an operator must act (a missing holiday notice)
}
