package store

import (
	"testing"

	"jiaoliu/internal/people"
)

// Every sort the web layer accepts has an order here, both ways.
func TestEducatorSortsHaveOrders(t *testing.T) {
	for _, k := range people.EducatorSorts {
		for _, key := range []string{k, "-" + k} {
			if _, ok := educatorSorts[key]; !ok {
				t.Errorf("no SQL order for sort %q", key)
			}
		}
	}
	if len(educatorSorts) != 2*len(people.EducatorSorts) {
		t.Errorf("%d SQL orders for %d sorts", len(educatorSorts), len(people.EducatorSorts))
	}
}
