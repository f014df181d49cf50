package service

import (
	"context"
	"sync"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// Small confirmation requests are committed together, like a database's
// group commit. A bank that confirms one payment per request, from many
// connections at once, would otherwise cost one transaction per payment —
// about a dozen statements and a disk flush each — and the requests would
// queue behind one another. Instead, requests of one bank that arrive while
// a transaction of that bank is running wait for it to finish and then go
// together in the next one. Nothing waits on a timer: a request that finds
// the bank idle is applied at once, alone.
//
// Each request still gets exactly the per-item results it would have got
// alone (items are applied in arrival order, so two requests confirming the
// same instruction see each other as they would one after the other), and its
// own audit record naming its key and request hash. If the shared
// transaction fails, none of its requests changed anything, and each is
// applied again in a transaction of its own (applyTogether): only the
// request that fails alone gets an error.

// coalescedItems is the largest request that is grouped with others; a
// bigger one (a bank file's batch) is a transaction of its own already.
const coalescedItems = 100

type confirmRequest struct {
	ctx   context.Context // the request's caller and request hash, for its audit record
	items []ledger.ConfirmationItem
	// payees are the blind indexes of the payee accounts a bank file names,
	// item by item ("" for none); nil for an API request.
	payees []string
	// whole is, for a request's part on one project (applyPerProject), how
	// many items the whole request has; 0 for a whole request.
	whole int
	done  chan confirmOutcome
}

type confirmOutcome struct {
	results []ItemResult
	err     error
}

// confirmQueues holds, per bank, the requests waiting for the bank's next
// transaction. The zero value is ready to use.
type confirmQueues struct {
	mu sync.Mutex
	// waiting has an entry for each bank whose queue is being drained, so
	// long as the drain runs (empty while its last batch is applied).
	waiting  map[string][]*confirmRequest
	applying int // requests in running transactions
}

// submit queues a request and waits for its outcome. The first request of
// an idle bank starts a goroutine that applies the bank's queue, a batch at
// a time, until the queue is empty.
func (q *confirmQueues) submit(s *Service, bankID string, req *confirmRequest) ([]ItemResult, error) {
	req.done = make(chan confirmOutcome, 1)
	q.mu.Lock()
	if q.waiting == nil {
		q.waiting = map[string][]*confirmRequest{}
	}
	queue, draining := q.waiting[bankID]
	q.waiting[bankID] = append(queue, req)
	if !draining {
		go q.drain(s, bankID)
	}
	q.mu.Unlock()
	// The request is applied even if its client goes away meanwhile: a bank
	// that retries then finds its items already applied.
	out := <-req.done
	return out.results, out.err
}

// counts returns how many requests wait and how many are being applied.
func (q *confirmQueues) counts() (waiting, applying int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, w := range q.waiting {
		waiting += len(w)
	}
	return waiting, q.applying
}

// drain applies the bank's waiting requests, up to MaxConfirmationItems
// items a transaction, until none are left.
func (q *confirmQueues) drain(s *Service, bankID string) {
	for {
		q.mu.Lock()
		waiting := q.waiting[bankID]
		if len(waiting) == 0 {
			delete(q.waiting, bankID)
			q.mu.Unlock()
			return
		}
		n, items := 0, 0
		for n < len(waiting) && items+len(waiting[n].items) <= MaxConfirmationItems {
			items += len(waiting[n].items)
			n++
		}
		batch := waiting[:n:n]
		q.waiting[bankID] = waiting[n:]
		q.applying += n
		q.mu.Unlock()

		outcomes := applyTogether(s, bankID, batch)
		q.mu.Lock()
		q.applying -= n
		q.mu.Unlock()
		for i, r := range batch {
			r.done <- outcomes[i]
		}
	}
}

// applyTogether applies the requests in one transaction. If it fails, no
// request in it changed anything, and each is applied again alone, in
// arrival order: one request the database refuses must not take its
// neighbours down with it (one bad request once failed 24 of 155 clean ones
// that happened to share its transaction). Only the failing one gets its
// error; the others commit as they would have alone.
func applyTogether(s *Service, bankID string, batch []*confirmRequest) []confirmOutcome {
	out := make([]confirmOutcome, len(batch))
	results, err := applyWithin(s, bankID, batch)
	if err == nil {
		for i := range batch {
			out[i].results = results[i]
		}
		return out
	}
	if len(batch) == 1 {
		out[0].err = err
		return out
	}
	s.Log.Warn("a shared confirmation transaction failed; applying its requests one by one", "bank", bankID, "requests", len(batch), "err", err)
	for i, r := range batch {
		results, err := applyWithin(s, bankID, []*confirmRequest{r})
		if err != nil {
			out[i].err = err
			continue
		}
		out[i].results = results[0]
	}
	return out
}

// applyWithin applies requests in one transaction of at most a minute.
func applyWithin(s *Service, bankID string, reqs []*confirmRequest) ([][]ItemResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return s.applyConfirmationRequests(ctx, bankID, reqs)
}

// ConfirmationQueue tells how many small confirmation requests are waiting
// for their bank's running transaction to finish, and how many are in
// running transactions (gauges for monitoring; tests watch them too).
func (s *Service) ConfirmationQueue() (waiting, applying int) { return s.confirms.counts() }
