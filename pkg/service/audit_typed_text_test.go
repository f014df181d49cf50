package service_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Text a person typed is kept as that text, even when it is shaped like a
// stored message: a reason {"key":…} is not shown as a system sentence.
func TestTypedAuditTextShapedLikeAMessageStaysText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 1)
		pay := s.submit(t, "2025-06", line(0, "5000.00"))
		typed := `{"key":"%d {instruction|instructions}, net %s","args":[3,"0.00"]}`
		if _, err := s.svc.RejectPayroll(s.ctx, pay.ID, typed); err != nil {
			t.Fatal(err)
		}
		recs, err := s.svc.ListAudit(service.WithCaller(context.Background(), service.System), s.project, "", "", 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range recs {
			if r.Action != "payroll.reject" {
				continue
			}
			found = true
			if got := ledger.StoredText(r.Detail).String(); got != typed {
				t.Errorf("the typed reason reads back as %q, want the text typed %q", got, typed)
			}
		}
		if !found {
			t.Fatal("no payroll.reject record")
		}
	})
}
