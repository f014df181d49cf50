package console

import (
	"html/template"
	"net/url"
)

// pageQuery is the query of a page link, written after the '?' of an href
// as {{.}}. html/template escapes a plain string there as one query value,
// so "after=x&status=y" came out as "after%3dx%26status%3dy": every "next
// page" link lost its cursor and filters and led back to the first page.
// A query url.Values encoded is already escaped, and is marked so.
func pageQuery(v url.Values) template.URL {
	return template.URL(v.Encode())
}

// onePage is the first size of items, read as size+1, and whether there
// were more: a page links to the next only when one follows, rather than
// whenever it is full (a full last page linked to an empty one).
func onePage[T any](items []T, size int) ([]T, bool) {
	if len(items) > size {
		return items[:size], true
	}
	return items, false
}
