package web

import (
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
)

// unread counts the actor's unread items for the bell; a page shows no
// count rather than fail for it.
func (s *Server) unread(r *http.Request) int {
	a := app.ActorOf(r.Context())
	if a == nil || s.cfg.Notify == nil {
		return 0
	}
	n, err := s.cfg.Notify.Unread(r.Context())
	if err != nil {
		s.logInternal(r, err)
		return 0
	}
	return n
}

type inboxView struct {
	Items  []*notify.Item
	Unread int
}

func (s *Server) inboxView(r *http.Request) (*inboxView, error) {
	items, err := s.cfg.Notify.Inbox(r.Context())
	if err != nil {
		return nil, err
	}
	v := &inboxView{Items: items}
	for _, it := range items {
		if !it.Read {
			v.Unread++
		}
	}
	return v, nil
}

func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.inboxView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notifications", "待办事项", "notifications", v)
}

func (s *Server) inboxReadSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Notify.MarkRead(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/notifications", "notification_read")
}

func (s *Server) inboxReadAllSubmit(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.cfg.Notify.MarkAllRead(r.Context()); err != nil {
		return err
	}
	return redirect(w, r, "/notifications", "notifications_read")
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	v, err := s.inboxView(r)
	if err != nil {
		return err
	}
	items := v.Items
	if items == nil {
		items = []*notify.Item{}
	}
	writeJSON(w, http.StatusOK, struct {
		Items  []*notify.Item `json:"items"`
		Unread int            `json:"unread"`
	}{items, v.Unread})
	return nil
}

func (s *Server) apiNotificationRead(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Notify.MarkRead)
}

type calendarView struct {
	From, To app.Date
	Months   []*notify.Month
	Today    app.Date
}

func (s *Server) calendarView(r *http.Request) (*calendarView, error) {
	var f notify.CalendarFilter
	var err error
	if f.From, err = queryDate(r, "from"); err != nil {
		return nil, err
	}
	if f.To, err = queryDate(r, "to"); err != nil {
		return nil, err
	}
	months, err := s.cfg.Notify.Calendar(r.Context(), f)
	if err != nil {
		return nil, err
	}
	return &calendarView{From: f.From, To: f.To, Months: months, Today: s.cfg.Notify.Today()}, nil
}

func (s *Server) deadlinesPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.calendarView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "deadlines", "截止日期", "notifications", v)
}

func (s *Server) apiDeadlines(w http.ResponseWriter, r *http.Request) error {
	v, err := s.calendarView(r)
	if err != nil {
		return err
	}
	months := v.Months
	if months == nil {
		months = []*notify.Month{}
	}
	writeJSON(w, http.StatusOK, struct {
		Months []*notify.Month `json:"months"`
	}{months})
	return nil
}

// robotUnit is a unit whose robots the actor may set, for the links.
type robotUnit struct {
	Name string
	Link string
}

type prefsView struct {
	Prefs *notify.Prefs
	Mail  bool
	Units []robotUnit
}

// robotUnits are the counties and schools whose robots the actor may set:
// where their grants as county HR or school admin lie.
func (s *Server) robotUnits(r *http.Request) ([]robotUnit, error) {
	var out []robotUnit
	for _, g := range app.ActorOf(r.Context()).Grants {
		switch {
		case g.ScopeKind == auth.ScopeCounty && auth.RolePermits(g.Role, auth.AccountManage):
			out = append(out, robotUnit{Name: g.ScopeName, Link: "/counties/" + strconv.FormatInt(g.ScopeID, 10) + "/robots"})
		case g.ScopeKind == auth.ScopeSchool && auth.RolePermits(g.Role, auth.EducatorWrite):
			out = append(out, robotUnit{Name: g.ScopeName, Link: "/schools/" + strconv.FormatInt(g.ScopeID, 10) + "/robots"})
		}
	}
	return out, nil
}

func (s *Server) prefsView(r *http.Request) (*prefsView, error) {
	p, err := s.cfg.Notify.MyPrefs(r.Context())
	if err != nil {
		return nil, err
	}
	v := &prefsView{Prefs: p, Mail: s.cfg.Notify.MailConfigured()}
	v.Units, err = s.robotUnits(r)
	return v, err
}

func (s *Server) prefsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.prefsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notify_prefs", "提醒方式", "account", v)
}

func (s *Server) prefsSubmit(w http.ResponseWriter, r *http.Request) error {
	in := notify.Prefs{Email: r.FormValue("email"), EmailOn: r.FormValue("email_on") == "1", Digest: r.FormValue("digest") == "1"}
	if _, err := s.cfg.Notify.SavePrefs(r.Context(), in); err != nil {
		v, verr := s.prefsView(r)
		if verr != nil {
			return verr
		}
		v.Prefs.Email, v.Prefs.EmailOn, v.Prefs.Digest = in.Email, in.EmailOn, in.Digest
		return s.renderForm(w, r, err, "notify_prefs", "提醒方式", "account", v)
	}
	return redirect(w, r, "/account/notifications", "prefs_saved")
}

type robotsView struct {
	Kind     string
	Name     string
	Action   string
	WeCom    string
	DingTalk string
	Digest   bool
}

// robotsUnit reads the county or school of the path, as the actor may see
// it, and its place.
func (s *Server) robotsUnit(r *http.Request, kind string) (string, app.Place, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", app.Place{}, err
	}
	if kind == notify.UnitCounty {
		c, err := s.cfg.Org.FindCountyByID(r.Context(), id)
		if err != nil {
			return "", app.Place{}, err
		}
		return c.Name, app.Place{CityID: c.CityID, CountyID: c.ID}, nil
	}
	var sc *org.School
	if sc, err = s.cfg.Org.FindSchoolByID(r.Context(), id); err != nil {
		return "", app.Place{}, err
	}
	return sc.Name, sc.Place(), nil
}

func (s *Server) robotsView(r *http.Request, kind string) (*robotsView, int64, app.Place, error) {
	name, place, err := s.robotsUnit(r, kind)
	if err != nil {
		return nil, 0, place, err
	}
	id, _ := pathID(r, "id")
	u, err := s.cfg.Notify.FindUnit(r.Context(), kind, id, place)
	if err != nil {
		return nil, 0, place, err
	}
	path := "/counties/"
	if kind == notify.UnitSchool {
		path = "/schools/"
	}
	return &robotsView{Kind: kind, Name: name, Action: path + strconv.FormatInt(id, 10) + "/robots", WeCom: notify.Mask(u.WeCom),
		DingTalk: notify.Mask(u.DingTalk), Digest: u.Digest}, id, place, nil
}

func (s *Server) robotsPage(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, _, _, err := s.robotsView(r, kind)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "notify_robots", "群机器人", "account", v)
	}
}

func (s *Server) robotsSubmit(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, id, place, err := s.robotsView(r, kind)
		if err != nil {
			return err
		}
		in := notify.UnitInput{WeCom: r.FormValue("wecom_url"), DingTalk: r.FormValue("dingtalk_url"),
			ClearWeCom: r.FormValue("clear_wecom") == "1", ClearDingTalk: r.FormValue("clear_dingtalk") == "1", Digest: r.FormValue("digest") == "1"}
		if _, err := s.cfg.Notify.SaveUnit(r.Context(), kind, id, place, in); err != nil {
			return s.renderForm(w, r, err, "notify_robots", "群机器人", "account", v)
		}
		return redirect(w, r, v.Action, "robots_saved")
	}
}
