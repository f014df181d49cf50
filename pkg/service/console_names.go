package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"

	"github.com/wageguard/wageguard/pkg/store"
)

// KeyHolder names who holds API key id, as the console's history shows an
// actor: its organisation's name ("" for an admin key of none) and the
// key's label. The label is free text, often a person's name: it is ""
// unless the caller may see it (ledger.MaySeeKeyLabel). The key's secret
// never leaves the store.
func (s *Service) KeyHolder(ctx context.Context, id string) (org, label string, err error) {
	q := s.DB.Reader(ctx)
	k, err := store.GetAPIKey(q, id)
	if err != nil {
		return "", "", err
	}
	keyOrg := ""
	if k.OrganizationID != nil {
		keyOrg = *k.OrganizationID
		o, err := store.GetOrganization(q, *k.OrganizationID)
		if err != nil {
			return "", "", err
		}
		org = o.Name
	}
	if c := CallerFrom(ctx); !ledger.MaySeeKeyLabel(c.Role, c.OrgID, keyOrg) {
		return org, "", nil
	}
	return org, k.Label, nil
}
