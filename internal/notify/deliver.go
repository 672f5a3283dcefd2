package notify

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// Delivery is one message to one recipient on one channel: an item's, or a
// day's digest.
type Delivery struct {
	ID int64
	// Key is unique: "item:12:1:user:5:email", "digest:2026-09-30:county:3:wecom".
	Key     string
	Channel string
	// Recipient is "user:5", "county:3" or "school:7"; the address or URL
	// is read when sending, so a change applies and no secret is copied.
	Recipient string
	ItemID    int64
	Subject   string
	Body      string
	Status    string
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// Delivery statuses.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
)

// MaxAttempts is how often the queue tries a delivery.
const MaxAttempts = 5

// claimFor is how long a worker holds a delivery it sends; a crashed
// worker's claim lapses and the queue's retry sends it.
const claimFor = 2 * time.Minute

// DigestHour is the hour of the day (Asia/Shanghai) from which the daily
// digests go out.
const DigestHour = 8

// message is the text of an item's message: what waits and where to act,
// nothing more.
func (s *Service) message(it *Item) (subject, body string) {
	subject = "【交流轮岗待办】" + it.Title
	body = fmt.Sprintf("【交流轮岗】待办：%s\n办理：%s", it.Title, s.link(it.Link))
	if !it.Due.IsZero() {
		body += "\n截止：" + it.Due.Chinese()
	}
	return subject, body
}

func (s *Service) link(path string) string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + path
}

// unitActor is a unit's administrator as an actor: the robot of the unit
// is told of the items such an administrator would act on.
func unitActor(kind string, id int64) *app.Actor {
	role := auth.RoleCountyHR
	if kind == UnitSchool {
		role = auth.RoleSchoolAdmin
	}
	return &app.Actor{Grants: []app.Grant{{Role: role, ScopeKind: kind, ScopeID: id}}}
}

// unitOf is the unit whose robots tell of it: its school when the school's
// administrator acts on it, else its county when the county's does, else
// none. Items addressed to one account go to no group.
func unitOf(it *Item) (string, int64) {
	if it.UserID != 0 {
		return "", 0
	}
	if it.Place.SchoolID != 0 && it.waitsOn(unitActor(UnitSchool, it.Place.SchoolID)) {
		return UnitSchool, it.Place.SchoolID
	}
	if it.Place.CountyID != 0 && it.waitsOn(unitActor(UnitCounty, it.Place.CountyID)) {
		return UnitCounty, it.Place.CountyID
	}
	return "", 0
}

func unitRecipient(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// mailRecipients are the accounts that chose e-mail, as actors, with
// their preferences.
type mailRecipient struct {
	prefs *Prefs
	actor *app.Actor
}

func (s *Service) mailRecipients(ctx context.Context) ([]mailRecipient, error) {
	ps, err := s.store.FindMailPrefs(ctx)
	if err != nil {
		return nil, err
	}
	var out []mailRecipient
	for _, p := range ps {
		a, err := s.actorOf(ctx, p.UserID)
		if err != nil {
			if code := app.ErrorCode(err); code == app.Forbidden || code == app.NotFound {
				continue
			}
			return nil, err
		}
		out = append(out, mailRecipient{prefs: p, actor: a})
	}
	return out, nil
}

// Dispatch makes the deliveries of the items opened since the last
// dispatch and queues them: one per item × recipient × channel, for the
// users and units who take single messages. It returns how many it made.
func (s *Service) Dispatch(ctx context.Context) (int, error) {
	items, err := s.store.FindUndispatched(ctx, 500)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	mail, err := s.mailRecipients(ctx)
	if err != nil {
		return 0, err
	}
	units, err := s.robotUnits(ctx)
	if err != nil {
		return 0, err
	}
	made := 0
	for _, it := range items {
		err := s.store.InTx(ctx, func(ctx context.Context) error {
			subject, body := s.message(it)
			prefix := fmt.Sprintf("item:%d:%d:", it.ID, it.Generation)
			if s.cfg.SMTP != nil {
				for _, r := range mail {
					if r.prefs.Digest || !it.waitsOn(r.actor) {
						continue
					}
					to := unitRecipient("user", r.prefs.UserID)
					if err := s.deliver(ctx, &Delivery{Key: prefix + to + ":" + ChannelEmail, Channel: ChannelEmail, Recipient: to,
						ItemID: it.ID, Subject: subject, Body: body}, &made); err != nil {
						return err
					}
				}
			}
			if kind, id := unitOf(it); kind != "" {
				if u := units[unitRecipient(kind, id)]; u != nil && !u.Digest {
					for _, ch := range u.channels() {
						to := unitRecipient(kind, id)
						if err := s.deliver(ctx, &Delivery{Key: prefix + to + ":" + ch, Channel: ch, Recipient: to, ItemID: it.ID,
							Subject: subject, Body: body}, &made); err != nil {
							return err
						}
					}
				}
			}
			return s.store.MarkDispatched(ctx, it.ID, it.Generation)
		})
		if err != nil {
			return made, err
		}
	}
	return made, nil
}

// deliver records d unless its key exists and queues it, in the
// transaction ctx carries.
func (s *Service) deliver(ctx context.Context, d *Delivery, made *int) error {
	d.Status, d.CreatedAt = DeliveryPending, s.clock.Now()
	created, err := s.store.CreateDelivery(ctx, d)
	if err != nil || !created {
		return err
	}
	*made++
	if s.queue == nil {
		return app.Internalf("notify.deliver", "no queue")
	}
	return s.queue.EnqueueDelivery(ctx, d.ID)
}

// channels lists the robots a unit has.
func (u *Unit) channels() []string {
	var out []string
	if u.WeCom != "" {
		out = append(out, ChannelWeCom)
	}
	if u.DingTalk != "" {
		out = append(out, ChannelDingTalk)
	}
	return out
}

func (s *Service) robotUnits(ctx context.Context) (map[string]*Unit, error) {
	us, err := s.store.FindRobotUnits(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*Unit{}
	for _, u := range us {
		out[unitRecipient(u.Kind, u.ID)] = u
	}
	return out, nil
}

// Digest makes the day's digests, once the day's DigestHour has come: for
// each user who chose a digest, the unread items waiting on them; for each
// unit that chose one, its open items. A digest is made once a day (its
// key holds the date), however often Digest runs and in however many
// processes.
func (s *Service) Digest(ctx context.Context) (int, error) {
	now := s.clock.Now().In(app.Shanghai)
	if now.Hour() < DigestHour {
		return 0, nil
	}
	day := app.DateOf(now).String()
	open, err := s.store.FindOpenItems(ctx, ItemFilter{Within: app.Scope{All: true}})
	if err != nil {
		return 0, err
	}
	made := 0
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if s.cfg.SMTP != nil {
			mail, err := s.mailRecipients(ctx)
			if err != nil {
				return err
			}
			for _, r := range mail {
				if !r.prefs.Digest {
					continue
				}
				mine, err := s.store.FindOpenItems(ctx, ItemFilter{Within: reach(r.actor), UserID: r.prefs.UserID, ReaderID: r.prefs.UserID})
				if err != nil {
					return err
				}
				var list []*Item
				for _, it := range mine {
					if !it.Read && it.waitsOn(r.actor) {
						list = append(list, it)
					}
				}
				to := unitRecipient("user", r.prefs.UserID)
				if err := s.digestOf(ctx, day, to, []string{ChannelEmail}, list, &made); err != nil {
					return err
				}
			}
		}
		units, err := s.robotUnits(ctx)
		if err != nil {
			return err
		}
		byUnit := map[string][]*Item{}
		for _, it := range open {
			if kind, id := unitOf(it); kind != "" {
				byUnit[unitRecipient(kind, id)] = append(byUnit[unitRecipient(kind, id)], it)
			}
		}
		for key, u := range units {
			if u.Digest {
				if err := s.digestOf(ctx, day, key, u.channels(), byUnit[key], &made); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return made, err
}

// digestLimit is how many items a digest names; it counts the rest.
const digestLimit = 20

func (s *Service) digestOf(ctx context.Context, day, to string, channels []string, items []*Item, made *int) error {
	if len(items) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "【交流轮岗】今日待办%d项：", len(items))
	for i, it := range items {
		if i == digestLimit {
			fmt.Fprintf(&b, "\n……另有%d项", len(items)-digestLimit)
			break
		}
		fmt.Fprintf(&b, "\n%d. %s %s", i+1, it.Title, s.link(it.Link))
	}
	fmt.Fprintf(&b, "\n全部待办：%s", s.link("/notifications"))
	subject := fmt.Sprintf("【交流轮岗待办】今日%d项", len(items))
	for _, ch := range channels {
		if err := s.deliver(ctx, &Delivery{Key: "digest:" + day + ":" + to + ":" + ch, Channel: ch, Recipient: to, Subject: subject,
			Body: b.String()}, made); err != nil {
			return err
		}
	}
	return nil
}

// Send sends delivery id, once: it claims the delivery, sends it, and
// marks it sent. A delivery already sent, or held by another worker, is
// left alone. On failure the claim is released and the error returned, so
// that the queue tries again; final marks the last attempt's failure for
// good. The error never holds an address's secret.
func (s *Service) Send(ctx context.Context, id int64, final bool) error {
	now := s.clock.Now()
	d, ok, err := s.store.ClaimDelivery(ctx, id, now, now.Add(claimFor))
	if err != nil || !ok {
		return err
	}
	if serr := s.send(ctx, d); serr != nil {
		if err := s.store.FailDelivery(ctx, id, serr.Error(), final); err != nil {
			return err
		}
		return serr
	}
	return s.store.FinishDelivery(ctx, id, s.clock.Now())
}

func (s *Service) send(ctx context.Context, d *Delivery) error {
	kind, idText, _ := strings.Cut(d.Recipient, ":")
	id, _ := strconv.ParseInt(idText, 10, 64)
	switch d.Channel {
	case ChannelEmail:
		if s.cfg.SMTP == nil {
			return fmt.Errorf("e-mail is not configured (JIAOLIU_SMTP_URL)")
		}
		p, err := s.store.FindPrefs(ctx, id)
		if err != nil {
			return err
		}
		if p.Email == "" {
			return fmt.Errorf("user %d has no e-mail address", id)
		}
		return s.cfg.SMTP.sendMail(p.Email, d.Subject, d.Body, d.Key)
	case ChannelWeCom, ChannelDingTalk:
		u, err := s.store.FindUnit(ctx, kind, id)
		if err != nil {
			return err
		}
		hook := u.WeCom
		if d.Channel == ChannelDingTalk {
			hook = u.DingTalk
		}
		if hook == "" {
			return fmt.Errorf("%s %s has no %s robot", kind, idText, d.Channel)
		}
		return postRobot(ctx, s.cfg.HTTP, hook, d.Body)
	}
	return fmt.Errorf("unknown channel %q", d.Channel)
}
