package notify

import (
	"context"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
)

// Prefs is a user's choice of delivery outside the product.
type Prefs struct {
	UserID int64  `json:"-"`
	Email  string `json:"email"`
	// EmailOn sends the user's items by e-mail.
	EmailOn bool `json:"email_on"`
	// Digest sends one message a day listing the unread items, instead of
	// one message per item.
	Digest    bool      `json:"digest"`
	UpdatedAt time.Time `json:"-"`
}

// Unit is a county's or a school's group robots (群机器人) and how they are told.
type Unit struct {
	Kind     string `json:"kind"` // county or school
	ID       int64  `json:"id"`
	WeCom    string `json:"-"`
	DingTalk string `json:"-"`
	// Digest posts one daily message to the robots instead of one per item.
	Digest    bool      `json:"digest"`
	UpdatedAt time.Time `json:"-"`
}

// Unit kinds.
const (
	UnitCounty = "county"
	UnitSchool = "school"
)

// Channels of delivery.
const (
	ChannelEmail    = "email"
	ChannelWeCom    = "wecom"
	ChannelDingTalk = "dingtalk"
)

// Channels is the vocabulary of channels.
var Channels = app.Vocab{
	{Code: ChannelEmail, Zh: "电子邮件", En: "E-mail"},
	{Code: ChannelWeCom, Zh: "企业微信群机器人", En: "WeCom group robot"},
	{Code: ChannelDingTalk, Zh: "钉钉群机器人", En: "DingTalk group robot"},
}

// Mask shows a robot's URL without its secret: its host and a hint, or "".
func Mask(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "••••"
	}
	return u.Scheme + "://" + u.Host + "/••••"
}

// MyPrefs returns the actor's preferences.
func (s *Service) MyPrefs(ctx context.Context) (*Prefs, error) {
	a := app.ActorOf(ctx)
	if a == nil || a.UserID == 0 {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	return s.store.FindPrefs(ctx, a.UserID)
}

// MailConfigured reports whether the deployment can send e-mail.
func (s *Service) MailConfigured() bool { return s.cfg.SMTP != nil }

// SavePrefs sets the actor's own preferences.
func (s *Service) SavePrefs(ctx context.Context, in Prefs) (*Prefs, error) {
	before, err := s.MyPrefs(ctx)
	if err != nil {
		return nil, err
	}
	in.UserID, in.Email, in.UpdatedAt = before.UserID, strings.TrimSpace(in.Email), s.clock.Now()
	var f app.Fields
	if in.Email != "" {
		if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email || len(in.Email) > 200 {
			f.Add("email", "电子邮件地址无效", "Invalid e-mail address")
		}
	}
	if in.EmailOn && in.Email == "" {
		f.Add("email", "接收邮件须填写电子邮件地址", "Give an e-mail address to receive mail")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SavePrefs(ctx, &in); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "notify.prefs", Entity: "user", EntityID: in.UserID,
			Summary: "修改提醒方式", Before: before, After: &in})
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// unitPermission is what setting a unit's robots needs there: managing the
// county's accounts, or writing the school's staff records.
func unitPermission(kind string) auth.Permission {
	if kind == UnitCounty {
		return auth.AccountManage
	}
	return auth.EducatorWrite
}

// FindUnit returns a unit's robots for the actor who may set them; place
// is the unit's place in the tree.
func (s *Service) FindUnit(ctx context.Context, kind string, id int64, place app.Place) (*Unit, error) {
	if err := s.decideUnit(ctx, kind, place); err != nil {
		return nil, err
	}
	return s.store.FindUnit(ctx, kind, id)
}

func (s *Service) decideUnit(ctx context.Context, kind string, place app.Place) error {
	a := app.ActorOf(ctx)
	perm := unitPermission(kind)
	if err := auth.Can(a, perm); err != nil {
		return err
	}
	return auth.Decide(a, perm, place, "单位")
}

// UnitInput sets a unit's robots. An empty URL with Keep set leaves the
// saved one as it is (the form never shows it); Clear removes it.
type UnitInput struct {
	WeCom         string `json:"wecom_url"`
	DingTalk      string `json:"dingtalk_url"`
	ClearWeCom    bool   `json:"clear_wecom"`
	ClearDingTalk bool   `json:"clear_dingtalk"`
	Digest        bool   `json:"digest"`
}

// SaveUnit sets a unit's robots. The audit records that a URL changed,
// never the URL.
func (s *Service) SaveUnit(ctx context.Context, kind string, id int64, place app.Place, in UnitInput) (*Unit, error) {
	u, err := s.FindUnit(ctx, kind, id, place)
	if err != nil {
		return nil, err
	}
	var f app.Fields
	check := func(field, raw, host string, clear bool, cur *string) bool {
		raw = strings.TrimSpace(raw)
		switch {
		case clear:
			*cur = ""
			return true
		case raw == "":
			return false
		}
		p, err := url.Parse(raw)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || len(raw) > 500 {
			f.Add(field, "机器人地址应为 "+host+" 的 Webhook 网址", "The robot's address is a webhook URL of "+host)
			return false
		}
		*cur = raw
		return true
	}
	wc := check("wecom_url", in.WeCom, "qyapi.weixin.qq.com", in.ClearWeCom, &u.WeCom)
	dt := check("dingtalk_url", in.DingTalk, "oapi.dingtalk.com", in.ClearDingTalk, &u.DingTalk)
	if err := f.Err(); err != nil {
		return nil, err
	}
	u.Kind, u.ID, u.Digest, u.UpdatedAt = kind, id, in.Digest, s.clock.Now()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveUnit(ctx, u); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "notify.robots", Entity: kind, EntityID: id,
			Summary: "修改群机器人设置", After: map[string]any{"wecom_changed": wc, "dingtalk_changed": dt,
				"wecom_set": u.WeCom != "", "dingtalk_set": u.DingTalk != "", "digest": u.Digest}})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
