package web_test

import (
	"context"
	"time"

	"jiaoliu/internal/notify"
)

// Notifications as the issue states them: everyone has an inbox, a
// calendar and their own settings; an item is read only by whom it waits
// on (another's answers 404); a county's robots are set by its HR, a
// school's by its administrators (and the county's HR), as those who
// manage the unit's accounts and staff.

// newItem makes an item addressed to the acting role's account in scope,
// and to another account elsewhere.
func newItem(e *env, c *matrixCase) {
	user := c.user
	if c.where == "in" {
		user = e.w.Actors[c.role].ID
	}
	it := notify.Item{Key: unique("matrix:"), Kind: "test", Title: "矩阵待办", Link: "/notifications", UserID: user, Since: time.Now()}
	if err := notify.Wait(context.Background(), e.db, it); err != nil {
		e.t.Fatal(err)
	}
	items, err := e.db.FindOpenItems(context.Background(), notify.ItemFilter{UserID: user})
	if err != nil || len(items) == 0 {
		e.t.Fatalf("the matrix's item: %v", err)
	}
	c.id = items[len(items)-1].ID
}

func notifySpecs() map[string]spec {
	prefs := func(*env, *matrixCase) (string, string) {
		return formType, form("email", "someone@example.cn", "email_on", "1")
	}
	robots := func(*env, *matrixCase) (string, string) {
		return formType, form("wecom_url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix-secret", "digest", "1")
	}
	return map[string]spec{
		"GET /notifications":                   {perm: anyUser},
		"POST /notifications/read":             {perm: anyUser},
		"POST /notifications/{id}/read":        {perm: anyUser, target: ownRunTarget, prep: newItem},
		"GET /deadlines":                       {perm: anyUser},
		"GET /account/notifications":           {perm: anyUser},
		"POST /account/notifications":          {perm: anyUser, body: prefs},
		"GET /counties/{id}/robots":            {perm: accountManage, target: countyTarget},
		"POST /counties/{id}/robots":           {perm: accountManage, target: countyTarget, body: robots},
		"GET /schools/{id}/robots":             {perm: importRoster, target: schoolTarget},
		"POST /schools/{id}/robots":            {perm: importRoster, target: schoolTarget, body: robots},
		"GET /api/v1/notifications":            {perm: anyUser},
		"POST /api/v1/notifications/{id}/read": {perm: anyUser, target: ownRunTarget, prep: newItem},
		"GET /api/v1/deadlines":                {perm: anyUser},
	}
}
