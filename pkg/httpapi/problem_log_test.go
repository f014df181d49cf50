package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/gin-gonic/gin"
)

// An error no store call classified that says the database went away (lost
// at BEGIN or COMMIT) is answered 503, and logged as what it is: a warning
// that the database is unavailable, with its cause, not an ERROR "internal
// error" as a bug in the service is.
func TestOutageAnswered503LogsWarnNotInternalError(t *testing.T) {
	for _, c := range []struct {
		name       string
		err        error
		status     int
		level, msg string
	}{
		{"outage", fmt.Errorf("store: unable to commit: %w", syscall.ECONNREFUSED), 503, "WARN", "database unavailable"},
		{"bug", errors.New("assignment to entry in nil map"), 500, "ERROR", "internal error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := &Server{log: slog.New(slog.NewJSONHandler(&logs, nil))}
			engine := gin.New()
			engine.Use(s.requestID, s.language, s.accessLog)
			engine.GET("/fail", func(g *gin.Context) { writeError(g, c.err) })
			w := httptest.NewRecorder()
			engine.ServeHTTP(w, httptest.NewRequest("GET", "/fail", nil))
			if w.Code != c.status || (c.status == 503) != (w.Header().Get("Retry-After") != "") {
				t.Fatalf("answered %d, Retry-After %q: %s", w.Code, w.Header().Get("Retry-After"), w.Body)
			}
			if strings.Contains(w.Body.String(), c.err.Error()) {
				t.Errorf("the answer shows the cause, which only the log may: %s", w.Body)
			}
			var found bool
			for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var l struct{ Level, Msg, Error string }
				if err := json.Unmarshal([]byte(line), &l); err != nil {
					t.Fatalf("log line %q: %v", line, err)
				}
				if l.Msg == "request" {
					continue
				}
				if found || l.Level != c.level || l.Msg != c.msg || !strings.Contains(l.Error, c.err.Error()) {
					t.Errorf("logged %s %q, error %q; want one %s %q with the error %q", l.Level, l.Msg, l.Error, c.level, c.msg, c.err)
				}
				found = true
			}
			if !found {
				t.Errorf("nothing logged but the access line; want %s %q:\n%s", c.level, c.msg, logs.String())
			}
		})
	}
}
