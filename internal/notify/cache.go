package notify

import (
	"fmt"

	"jiaoliu/internal/app"
)

// Names of the store's counters of changes (store.DataVersion, migration
// 00039): what the kept sources are kept under (AddKeptSource), and
// inboxVersion the inbox's items and read marks.
const (
	// RotationDeadlines covers the tables rotation's source reads.
	RotationDeadlines = "rotation_deadlines"
	// OtherDeadlines covers the tables the sources of appointment,
	// pairing, placement and staffing read.
	OtherDeadlines = "deadlines"
	inboxVersion   = "inbox"
)

// Bounds of the figures a cache keeps at once: one unread count per
// account signed in; a few ranges of a source's deadlines a day (the home
// page's, the sweep's, the calendars' asked), each a list that may be long.
const (
	maxKeptCounts    = 4096
	maxKeptDeadlines = 64
)

// actorKey is what the inbox shown to an actor depends on: the account
// and everything auth.Decide reads of it. Two actors of one key see the
// same items.
func actorKey(a *app.Actor) string {
	return fmt.Sprintf("%d|%d|%d|%d|%t|%+v", a.UserID, a.EducatorID, a.CountyID, a.SchoolID, a.System, a.Grants)
}
