package roster

import "testing"

// A preview lists at most maxShownChanges records, updates first, and
// counts them all.
func TestChangeListCaps(t *testing.T) {
	var l changeList
	for range maxShownChanges + 100 {
		l.add(Change{Action: ChangeCreate})
	}
	for range 3 {
		l.add(Change{Action: ChangeUpdate})
	}
	got := l.shown()
	if len(got) != maxShownChanges || l.total != maxShownChanges+103 {
		t.Fatalf("%d shown of %d", len(got), l.total)
	}
	for i, c := range got {
		if want := ChangeCreate; i < 3 && c.Action != ChangeUpdate || i >= 3 && c.Action != want {
			t.Fatalf("change %d is %s", i, c.Action)
		}
	}
	var empty changeList
	if got := empty.shown(); got == nil || len(got) != 0 {
		t.Fatalf("no changes: %#v", got)
	}
}
