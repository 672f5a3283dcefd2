package rotation

import (
	"context"
	"fmt"
)

// dataVersion names the counter of the data evaluations are computed from
// (store.DataVersion).
const dataVersion = "rotation"

// maxCachedEvaluations bounds the evaluations kept at once: one per scope,
// date and kind asked for, so a few per county, and one per personal file
// opened.
const maxCachedEvaluations = 4096

// key is what tells evaluations apart: every field of the query.
func (q evalQuery) key() string {
	return fmt.Sprintf("%v|%v|%d|%d|%s|%t|%t", q.within, q.countyIDs, q.schoolID, q.educatorID, q.on, q.all, q.counts)
}

// cachedEvaluate returns the evaluation of q from the service's kept
// evaluations (app.Kept) when the data has not changed since it was
// computed, else computes it: the evaluations of whole scopes (the list of
// who must rotate, the quota figures) are kept under the version of the
// data they were computed from. Inside a transaction they are always
// computed afresh.
func (s *Service) cachedEvaluate(ctx context.Context, q evalQuery) (*evaluation, error) {
	return s.evals.Get(ctx, s.store, q.key(), func() (*evaluation, error) { return s.evaluate(ctx, q) })
}
