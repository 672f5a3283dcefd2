package notice

import (
	"context"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
)

// Answerers is implemented by a Policy whose objections wait on whoever
// holds a permission at a place (a plan's on the county's HR): a raised
// objection opens an inbox item for them, and its answer clears it, as does
// the end of the notice, after which nobody answers.
type Answerers interface {
	Answerers(ctx context.Context, n *Notice) (auth.Permission, app.Place)
}

// ObjectionKey names the inbox item of an objection waiting on its answer.
func ObjectionKey(id int64) string { return "objection:" + strconv.FormatInt(id, 10) }

// waitAnswer opens the item of o, when n's policy names who answers. The
// title names the notice only: an objection's text stays in the product.
func (s *Service) waitAnswer(ctx context.Context, p Policy, n *Notice, o *Objection) error {
	w, ok := p.(Answerers)
	if !ok {
		return nil
	}
	perm, place := w.Answerers(ctx, n)
	return notify.Wait(ctx, s.store, notify.Item{Key: ObjectionKey(o.ID), Kind: "objection",
		Title: "公示异议待答复：" + n.Title, Link: "/notices/" + strconv.FormatInt(n.ID, 10),
		Permission: perm, Place: place, Since: o.RaisedAt})
}

// doneAnswers clears the items of n's objections still unanswered: the
// notice has ended and nobody answers them any more.
func (s *Service) doneAnswers(ctx context.Context, n *Notice) error {
	var keys []string
	for _, o := range n.Objections {
		if !o.Answered() {
			keys = append(keys, ObjectionKey(o.ID))
		}
	}
	return notify.Done(ctx, s.store, s.clock.Now(), keys...)
}
