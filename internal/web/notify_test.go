package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store/storetest"
)

type inboxJSON struct {
	Items []struct {
		ID        int64  `json:"id"`
		Title     string `json:"title"`
		Link      string `json:"link"`
		CreatedAt string `json:"created_at"`
		Read      bool   `json:"read"`
	} `json:"items"`
	Unread int `json:"unread"`
}

func (e *env) inbox(token string) inboxJSON {
	e.t.Helper()
	rec := e.do("GET", "/api/v1/notifications", token, "", "")
	var in inboxJSON
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &in) != nil {
		e.t.Fatalf("inbox: %d %s", rec.Code, rec.Body.String())
	}
	return in
}

// An item waiting on a county's HR shows in their inbox and on the bell of
// every page, not in a school's; reading it is theirs alone; acting clears
// it; the newest unread comes before the read.
func TestInboxAndBell(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			hr, school := e.login(e.w.Actors[auth.RoleCountyHR].Username), e.login(e.w.Actors[auth.RoleSchoolAdmin].Username)
			ctx := context.Background()
			if in := e.inbox(hr); len(in.Items) != 0 || in.Unread != 0 {
				t.Fatalf("a fresh inbox: %+v", in)
			}
			place := app.Place{CityID: e.w.City.ID, CountyID: e.w.CountyA.ID, SchoolID: e.w.A1.ID}
			for i, key := range []string{"test:1", "test:2"} {
				if err := notify.Wait(ctx, e.db, notify.Item{Key: key, Kind: "exemption", Title: fmt.Sprintf("暂缓交流申请待审批：第%d件", i+1),
					Link: "/rotation/exemptions?status=pending", Permission: auth.RotationManage, Place: place,
					Since: e.clock.Now()}); err != nil {
					t.Fatal(err)
				}
			}
			in := e.inbox(hr)
			if len(in.Items) != 2 || in.Unread != 2 || in.Items[0].Link != "/rotation/exemptions?status=pending" || in.Items[0].CreatedAt == "" {
				t.Fatalf("county HR's inbox: %+v", in)
			}
			if body := e.do("GET", "/", hr, "", "").Body.String(); !strings.Contains(body, `id="bell-count">2<`) {
				t.Fatalf("the bell does not count 2")
			}
			if in := e.inbox(school); len(in.Items) != 0 {
				t.Fatalf("a school sees the county's decision: %+v", in)
			}
			first := in.Items[0].ID
			if rec := e.do("POST", fmt.Sprintf("/api/v1/notifications/%d/read", first), school, "", ""); rec.Code != http.StatusNotFound {
				t.Fatalf("a school read the county's item: %d", rec.Code)
			}
			if rec := e.do("POST", fmt.Sprintf("/api/v1/notifications/%d/read", first), hr, "", ""); rec.Code != http.StatusOK ||
				!strings.Contains(rec.Body.String(), `"read":true`) {
				t.Fatalf("read: %d %s", rec.Code, rec.Body.String())
			}
			in = e.inbox(hr)
			if in.Unread != 1 || in.Items[0].Read || !in.Items[1].Read || in.Items[1].ID != first {
				t.Fatalf("after reading, unread first: %+v", in)
			}
			if body := e.do("GET", "/notifications", hr, "", "").Body.String(); !strings.Contains(body, `id="bell-count">1<`) ||
				!strings.Contains(body, "暂缓交流申请待审批：第2件") {
				t.Fatalf("the inbox page after reading one")
			}
			if err := notify.Done(ctx, e.db, e.clock.Now(), "test:1", "test:2"); err != nil {
				t.Fatal(err)
			}
			if in := e.inbox(hr); len(in.Items) != 0 {
				t.Fatalf("done, still listed: %+v", in)
			}
			if body := e.do("GET", "/", hr, "", "").Body.String(); strings.Contains(body, `id="bell-count"`) {
				t.Fatalf("done, the bell still counts")
			}
			// Opened again, it is unread again.
			if err := notify.Wait(ctx, e.db, notify.Item{Key: "test:1", Kind: "exemption", Title: "再次待审批", Link: "/rotation/exemptions",
				Permission: auth.RotationManage, Place: place, Since: e.clock.Now()}); err != nil {
				t.Fatal(err)
			}
			if in := e.inbox(hr); len(in.Items) != 1 || in.Unread != 1 || in.Items[0].ID != first {
				t.Fatalf("reopened: %+v", in)
			}
		})
	}
}

// A robot's webhook URL is a secret: saved, it is shown masked and never
// written to the audit log.
func TestRobotURLIsSecret(t *testing.T) {
	e := newEnv(t, "sqlite")
	hr := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	path := fmt.Sprintf("/counties/%d/robots", e.w.CountyA.ID)
	const secret = "k3y-0f-the-gr0up"
	rec := e.do("POST", path, hr, formType, form("wecom_url", "ftp://example.cn/x"))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Webhook") {
		t.Fatalf("a bad URL: %d", rec.Code)
	}
	rec = e.do("POST", path, hr, formType, form("wecom_url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="+secret))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", rec.Code, rec.Body.String())
	}
	body := e.do("GET", path, hr, "", "").Body.String()
	if strings.Contains(body, secret) || !strings.Contains(body, "https://qyapi.weixin.qq.com/••••") {
		t.Fatalf("the page shows the URL unmasked, or not at all")
	}
	// An empty field keeps it.
	if rec := e.do("POST", path, hr, formType, form("digest", "1")); rec.Code != http.StatusSeeOther {
		t.Fatalf("save digest: %d", rec.Code)
	}
	u, err := e.db.FindUnit(context.Background(), notify.UnitCounty, e.w.CountyA.ID)
	if err != nil || !strings.Contains(u.WeCom, secret) || !u.Digest {
		t.Fatalf("kept: %v %+v", err, u)
	}
	var n int
	if err := e.db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%' || $1 || '%' OR summary LIKE '%' || $1 || '%'`,
		secret).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the audit log holds the URL: %d %v", n, err)
	}
}

// A solved draft with moves waits on the county's HR to approve it; the
// approval clears it.
func TestPlanApprovalWaits(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			w := e.w
			a3 := storetest.MustCreateSchool(t, e.db, w.CountyA, "甲区第三小学", func(s *org.School) { s.Location, s.Weak = "rural", true })
			storetest.MustCreateEducator(t, e.db, w.A1, "赵六", func(ed *people.Educator) { ed.Gender = people.GenderMale })
			storetest.MustCreateEducator(t, e.db, a3, "钱七", func(ed *people.Educator) { ed.JoinedSchool = mDate(2024, 9, 1) })
			hr, school := e.login(w.Actors[auth.RoleCountyHR].Username), e.login(w.Actors[auth.RoleSchoolAdmin].Username)
			p := e.solvedTeacherPlan(hr)
			if len(p.Moves) == 0 {
				t.Fatalf("solved without moves")
			}
			link := fmt.Sprintf("/rotation/plans/%d", p.ID)
			waiting := func(token string) bool {
				for _, it := range e.inbox(token).Items {
					if it.Link == link && strings.HasPrefix(it.Title, "交流轮岗方案待批准：") {
						return true
					}
				}
				return false
			}
			if !waiting(hr) || waiting(school) {
				t.Fatalf("solved: county HR asked %v, school asked %v", waiting(hr), waiting(school))
			}
			if rec := e.do("POST", link+"/approve", hr, formType, form("notice_days", "5", "version", fmt.Sprint(p.Version))); rec.Code != http.StatusSeeOther {
				t.Fatalf("approve: %d %s", rec.Code, rec.Body.String())
			}
			if waiting(hr) {
				t.Fatalf("approved, still waiting")
			}
		})
	}
}
