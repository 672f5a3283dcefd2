package people

import (
	"context"
	"fmt"
)

// countsVersion names the store's counter of changes to the data educator
// counts are made of (store.DataVersion): its triggers cover educators,
// schools, counties and cities, so an unchanged counter means unchanged
// counts.
const countsVersion = "rotation"

// maxCachedCounts bounds the counts kept: one per scope and filter asked.
const maxCachedCounts = 1024

// cachedCount returns the counts for f from the service's kept counts
// (app.Kept: the home page's, asked on every visit) while the data is
// unchanged, else counts afresh. Counts made inside a transaction, or
// while a change was committed, are not kept.
func (s *Service) cachedCount(ctx context.Context, f EducatorFilter) (total, backbone int, err error) {
	n, err := s.counts.Get(ctx, s.store, fmt.Sprintf("%+v", f), func() ([2]int, error) {
		total, backbone, err := s.store.CountEducators(ctx, f)
		return [2]int{total, backbone}, err
	})
	if err != nil {
		return 0, 0, err
	}
	return n[0], n[1], nil
}
