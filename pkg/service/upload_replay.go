package service

import (
	"context"
	"encoding/json"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// recordedUpload is the answer kept for a file of kind already recorded on
// the project, if it was: the same file sent again is answered with it.
func recordedUpload[T any](s *Service, ctx context.Context, projectID, kind, sha string) (*T, bool, error) {
	prev, ok, err := store.GetUpload(s.DB.Reader(ctx), projectID, kind, sha)
	if err != nil || !ok {
		return nil, false, err
	}
	var r T
	if err := json.Unmarshal([]byte(prev), &r); err != nil {
		return nil, false, err
	}
	return &r, true, nil
}

// replayOnConflict answers a recording that failed with err: when the same
// file was sent twice at once, both found it new and the second met the
// first's rows; it is a replay, as it would have been a moment later.
// Any other failure is returned as it is.
func replayOnConflict[T any](s *Service, ctx context.Context, projectID, kind, sha string, dryRun bool, err error) (*T, bool, error) {
	if ledger.ErrorCode(err) == ledger.EConflict && !dryRun {
		if r, ok, rerr := recordedUpload[T](s, ctx, projectID, kind, sha); ok && rerr == nil {
			return r, true, nil
		}
	}
	return nil, false, err
}
