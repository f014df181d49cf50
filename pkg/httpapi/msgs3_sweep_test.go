package httpapi_test

import "regexp"

// asciiWord is a run of four or more ASCII letters: in a Chinese message,
// English that should have been translated (identifiers and codes are
// allowed by the sweep's own list).
var asciiWord = regexp.MustCompile(`[A-Za-z]{4,}`)
