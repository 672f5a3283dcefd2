package notify

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// Item is one thing waiting on someone: "the deferral application of 张三
// waits on the county's decision". Exactly one of Permission (with Place)
// and UserID says who must act.
type Item struct {
	ID int64 `json:"id"`
	// Key names the item for the procedure that made it, unique across
	// the product: "exemption:12", "exchange:7:consent:host".
	Key string `json:"-"`
	// Kind groups items of one procedure ("exemption", "return"), for
	// filters and icons.
	Kind string `json:"kind"`
	// Title says in Chinese what waits; it leaves the product in messages,
	// so it must hold no ID number, no reason of a leave, no score.
	Title string `json:"title"`
	// Link is the path of the page where to act, from the site's root.
	Link string `json:"link"`
	// Permission at Place is what acting needs: the inbox of everyone
	// whose grants allow it there shows the item.
	Permission auth.Permission `json:"-"`
	Place      app.Place       `json:"-"`
	// UserID addresses the item to one account instead.
	UserID int64 `json:"-"`
	// Due is the date by which to act, when there is one.
	Due app.Date `json:"due,omitempty"`
	// Since is when the item began to wait.
	Since time.Time `json:"created_at"`
	// Read is whether the actor listing the inbox has read it.
	Read bool `json:"read"`

	Generation int       `json:"-"`
	DoneAt     time.Time `json:"-"`
}

// WaitStore keeps the items. A procedure's store interface embeds it, so
// that Wait and Done write in the procedure's transaction.
type WaitStore interface {
	// SaveItem opens the item of it.Key, or updates it while open; an
	// item done before is opened again as a new generation, unread.
	SaveItem(ctx context.Context, it *Item) error
	// DoneItems closes the open items of the keys at the time given.
	DoneItems(ctx context.Context, keys []string, at time.Time) error
}

// Wait records that it waits on someone, in the transaction ctx carries.
// Calling it again for an open key updates the title, link and who must
// act, and keeps the item's age and read marks.
func Wait(ctx context.Context, st WaitStore, it Item) error {
	it.Key, it.Title, it.Link = strings.TrimSpace(it.Key), strings.TrimSpace(it.Title), strings.TrimSpace(it.Link)
	switch {
	case it.Key == "" || it.Kind == "" || it.Title == "":
		return app.Internalf("notify.Wait", "item %q needs a key, a kind and a title", it.Key)
	case !strings.HasPrefix(it.Link, "/") || strings.HasPrefix(it.Link, "//"):
		return app.Internalf("notify.Wait", "item %q: link %q is not a path of the site", it.Key, it.Link)
	case (it.Permission == "") == (it.UserID == 0):
		return app.Internalf("notify.Wait", "item %q needs either a permission or a user", it.Key)
	case it.Since.IsZero():
		return app.Internalf("notify.Wait", "item %q has no time", it.Key)
	}
	if utf8.RuneCountInString(it.Title) > 200 {
		it.Title = string([]rune(it.Title)[:199]) + "…"
	}
	it.Since = it.Since.UTC()
	return st.SaveItem(ctx, &it)
}

// Done clears the items of the keys for everyone, in the transaction ctx
// carries: the action they waited for was taken. Keys with no open item
// are ignored.
func Done(ctx context.Context, st WaitStore, at time.Time, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	return st.DoneItems(ctx, keys, at.UTC())
}

// waitsOn reports whether the item waits on the actor: it is addressed to
// them, or their grants allow its permission at its place.
func (it *Item) waitsOn(a *app.Actor) bool {
	if a == nil || a.System {
		return false
	}
	if it.UserID != 0 {
		return it.UserID == a.UserID
	}
	return auth.Decide(a, it.Permission, it.Place, "") == nil
}
