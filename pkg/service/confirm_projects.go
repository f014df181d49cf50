package service

import (
	"context"

	"github.com/wageguard/wageguard/pkg/store"
)

// On a Citus cluster a confirmation batch is applied one project per
// transaction (store.DB.OneProjectPerTransaction): a project's rows are on
// one shard, so each transaction commits on one worker, without a two-phase
// commit across the cluster. The items are independent facts with their own
// results, and the record keeps a bank's reference per project
// (ledger.RecordKey), so a project's items decide the same alone as beside
// other projects' items; the results are joined back in the request's order.
// If a project's transaction fails, the projects before it stay applied and
// the request gets the error: the bank sends the batch again, and the
// applied items answer already_applied, each fact being idempotent on its
// own reference (as a result file applied batch by batch is).

// confirmPart is a request's items on one project: part is the sub-request
// and at the items' places in the whole request.
type confirmPart struct {
	of   int // the request's place in the batch
	part *confirmRequest
	at   []int
}

// splitByProject groups the requests' items by the project of the
// instruction each names (at this bank; "" for none), projects in the order
// they first appear, each request's items in its order.
func (s *Service) splitByProject(ctx context.Context, bankID string, reqs []*confirmRequest) ([][]confirmPart, error) {
	var ids []string
	for _, r := range reqs {
		for _, it := range r.items {
			ids = append(ids, it.InstructionID)
		}
	}
	projectOf, err := store.InstructionProjects(s.DB.Reader(ctx), bankID, ids)
	if err != nil {
		return nil, err
	}
	var groups [][]confirmPart
	index := map[string]int{}
	for i, r := range reqs {
		mine := map[string]*confirmPart{}
		for j, it := range r.items {
			p := projectOf[it.InstructionID]
			cp := mine[p]
			if cp == nil {
				g, ok := index[p]
				if !ok {
					g, index[p] = len(groups), len(groups)
					groups = append(groups, nil)
				}
				groups[g] = append(groups[g], confirmPart{of: i, part: &confirmRequest{ctx: r.ctx, whole: len(r.items)}})
				cp = &groups[g][len(groups[g])-1]
				mine[p] = cp
			}
			cp.part.items = append(cp.part.items, it)
			if r.payees != nil {
				cp.part.payees = append(cp.part.payees, r.payees[j])
			}
			cp.at = append(cp.at, j)
		}
	}
	return groups, nil
}

// applyPerProject applies the requests one project per transaction and
// joins each request's results in its order.
func (s *Service) applyPerProject(ctx context.Context, bankID string, reqs []*confirmRequest) ([][]ItemResult, error) {
	groups, err := s.splitByProject(ctx, bankID, reqs)
	if err != nil {
		return nil, err
	}
	out := make([][]ItemResult, len(reqs))
	for i, r := range reqs {
		out[i] = make([]ItemResult, len(r.items))
	}
	for _, g := range groups {
		parts := make([]*confirmRequest, len(g))
		for k := range g {
			parts[k] = g[k].part
		}
		results, err := s.applyInOneTransaction(ctx, bankID, parts)
		if err != nil {
			return nil, err
		}
		for k, cp := range g {
			for j, res := range results[k] {
				res.Index = cp.at[j]
				out[cp.of][cp.at[j]] = res
			}
		}
	}
	return out, nil
}
