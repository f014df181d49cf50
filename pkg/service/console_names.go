package service

import (
	"context"

	"github.com/wageguard/wageguard/pkg/store"
)

// KeyHolder names who holds API key id, as the console's history shows an
// actor: its organisation's name ("" for an admin key of none) and the
// key's label. Neither is secret; the key's secret never leaves the store.
func (s *Service) KeyHolder(ctx context.Context, id string) (org, label string, err error) {
	q := s.DB.Reader(ctx)
	k, err := store.GetAPIKey(q, id)
	if err != nil {
		return "", "", err
	}
	if k.OrganizationID != nil {
		o, err := store.GetOrganization(q, *k.OrganizationID)
		if err != nil {
			return "", "", err
		}
		org = o.Name
	}
	return org, k.Label, nil
}
