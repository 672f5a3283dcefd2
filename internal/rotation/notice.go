package rotation

import (
	"context"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// Audience is who a public notice (公示) concerns: the county whose
// procedure publishes it, the schools it moves people from or to, and the
// people it names.
type Audience struct {
	County  app.Place
	Schools []app.Place
	People  []int64
}

// CanReadNotice is the rule of a county's public notices (a plan's; a
// school's round narrows it, see FindRoundByID): whoever may object to a
// notice may read it, and whoever reads it may object while it runs. A notice
// is read by those who read its county's rotation whole, by the people it
// names, and by whoever sees one of the schools it concerns (their staff and
// admins, and those over them).
func CanReadNotice(ctx context.Context, n Audience) bool {
	a := app.ActorOf(ctx)
	if a == nil {
		return false
	}
	if auth.Decide(a, auth.RotationRead, n.County, "") == nil || n.Names(a) {
		return true
	}
	for _, p := range n.Schools {
		if auth.Decide(a, auth.OrgRead, p, "") == nil {
			return true
		}
	}
	return false
}

// appliedBy reports whether the actor's own educator record applied to
// the round: an applicant reads the round's notice.
func (r *Round) appliedBy(a *app.Actor) bool {
	return a != nil && a.EducatorID != 0 && slices.ContainsFunc(r.Applications, func(ap *Application) bool { return ap.EducatorID == a.EducatorID })
}

// Names reports whether the notice names the actor's own educator record.
func (n Audience) Names(a *app.Actor) bool {
	return a != nil && a.EducatorID != 0 && slices.Contains(n.People, a.EducatorID)
}
