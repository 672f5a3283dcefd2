package people

import (
	"context"
	"fmt"
	"sync"
)

// countsVersion names the store's counter of changes to the data educator
// counts are made of (store.DataVersion): its triggers cover educators,
// schools, counties and cities, so an unchanged counter means unchanged
// counts.
const countsVersion = "rotation"

// maxCachedCounts bounds the counts kept: one per scope and filter asked.
const maxCachedCounts = 1024

// countCache keeps educator counts (the home page's, asked on every visit)
// under the version of the data they were counted from.
type countCache struct {
	mu      sync.Mutex
	version int64
	counts  map[string][2]int
}

// cachedCount returns the counts for f from the cache while the data is
// unchanged, else counts afresh. Counts made inside a transaction, or
// while a change was committed, are not kept.
func (s *Service) cachedCount(ctx context.Context, f EducatorFilter) (total, backbone int, err error) {
	v, ok, err := s.store.DataVersion(ctx, countsVersion)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return s.store.CountEducators(ctx, f)
	}
	key := fmt.Sprintf("%+v", f)
	c := &s.counts
	c.mu.Lock()
	if n, hit := c.counts[key]; hit && c.version == v {
		c.mu.Unlock()
		return n[0], n[1], nil
	}
	c.mu.Unlock()
	if total, backbone, err = s.store.CountEducators(ctx, f); err != nil {
		return 0, 0, err
	}
	after, _, err := s.store.DataVersion(ctx, countsVersion)
	if err != nil || after != v {
		return total, backbone, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v < c.version {
		// An older reading than one already seen: keep nothing.
		return total, backbone, nil
	}
	if v > c.version || c.counts == nil || len(c.counts) >= maxCachedCounts {
		c.version, c.counts = v, map[string][2]int{}
	}
	c.counts[key] = [2]int{total, backbone}
	return total, backbone, nil
}
