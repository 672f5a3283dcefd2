package notify_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func actorOf(db *store.DB) func(ctx context.Context, id int64) (*app.Actor, error) {
	return func(ctx context.Context, id int64) (*app.Actor, error) {
		u, err := db.FindUserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		return &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants, EducatorID: u.EducatorID}, nil
	}
}

// startQueue works the notifier's deliveries and periodic work in the
// database queue, as a jiaoliu process does.
func startQueue(t *testing.T, db *store.DB, n *notify.Service) {
	t.Helper()
	q, err := db.NewQueue(func(context.Context, int64) error { return nil }, 2, slog.New(slog.NewTextHandler(io.Discard, nil)), n)
	if err != nil {
		t.Fatal(err)
	}
	n.SetQueue(q)
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Stop(context.Background()) })
}

// waitSent waits until want deliveries exist and all are sent.
func waitSent(t *testing.T, db *store.DB, want int) []*notify.Delivery {
	t.Helper()
	deadline := time.Now().Add(40 * time.Second)
	for {
		ds, err := db.FindDeliveries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		sent := 0
		for _, d := range ds {
			if d.Status == notify.DeliverySent {
				sent++
			}
		}
		if len(ds) >= want && sent == len(ds) {
			return ds
		}
		if time.Now().After(deadline) {
			for _, d := range ds {
				t.Logf("delivery %s: %s, %d attempts, %s", d.Key, d.Status, d.Attempts, d.LastError)
			}
			t.Fatalf("%d of %d deliveries sent", sent, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func countyItem(w *storetest.World, key, title string) notify.Item {
	return notify.Item{Key: key, Kind: "exemption", Title: title, Link: "/rotation/exemptions?status=pending",
		Permission: auth.RotationManage, Place: app.Place{CityID: w.City.ID, CountyID: w.CountyA.ID, SchoolID: w.A1.ID}, Since: time.Now()}
}

// An item waiting on a county's HR goes by e-mail to the HR who chose
// e-mail, not to a school's admin who did too, and to the county's robot;
// the mail server and the robot fail once, and the queue tries again. A
// second dispatch makes nothing new.
func TestDelivery(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		mails, robot := startMail(t, 1), startRobot(t, 1)
		smtp, err := notify.ParseSMTP("smtp://jiaoliu:pa55w0rd@"+mails.addr, "jiaoliu@example.cn")
		if err != nil {
			t.Fatal(err)
		}
		clock := app.SystemClock{}
		n := notify.NewService(db, audit.NewLog(db, clock), clock, notify.Config{BaseURL: "https://jiaoliu.example.cn/", SMTP: smtp}, actorOf(db))
		now := time.Now()
		for user, email := range map[int64]string{w.Actors[auth.RoleCountyHR].ID: "hr@example.cn", w.Actors[auth.RoleSchoolAdmin].ID: "school@example.cn"} {
			if err := db.SavePrefs(ctx, &notify.Prefs{UserID: user, Email: email, EmailOn: true, UpdatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		hook := robot.URL + "/cgi-bin/webhook/send?key=s3cret"
		if err := db.SaveUnit(ctx, &notify.Unit{Kind: notify.UnitCounty, ID: w.CountyA.ID, WeCom: hook, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := notify.Wait(ctx, db, countyItem(w, "exemption:1", "暂缓交流申请待审批：张三（甲区第一小学）")); err != nil {
			t.Fatal(err)
		}
		startQueue(t, db, n)
		if _, err := n.Dispatch(ctx); err != nil {
			t.Fatal(err)
		}
		ds := waitSent(t, db, 2)
		if len(ds) != 2 {
			t.Fatalf("deliveries: %d", len(ds))
		}
		for _, d := range ds {
			if d.Attempts != 2 || !d.SentAt.After(d.CreatedAt.Add(-time.Second)) {
				t.Errorf("%s: %d attempts (want 2: one failure, one retry), sent %v", d.Key, d.Attempts, d.SentAt)
			}
			if strings.Contains(d.LastError, "s3cret") {
				t.Errorf("the robot's URL in the record: %s", d.LastError)
			}
		}
		got := mails.messages()
		if len(got) != 1 || got[0].to != "hr@example.cn" {
			t.Fatalf("mails: %+v", got)
		}
		for _, want := range []string{"From: jiaoliu@example.cn", "=?UTF-8?b?", "X-Jiaoliu-Delivery: item:",
			"【交流轮岗】待办：暂缓交流申请待审批：张三（甲区第一小学）", "办理：https://jiaoliu.example.cn/rotation/exemptions?status=pending"} {
			if !strings.Contains(got[0].data, want) {
				t.Errorf("the mail lacks %q:\n%s", want, got[0].data)
			}
		}
		if len(mails.auth) == 0 || !strings.HasPrefix(mails.auth[0], "AUTH PLAIN ") {
			t.Errorf("no authentication: %v", mails.auth)
		}
		posts, bodies := robot.received()
		if posts != 2 || len(bodies) != 1 || !strings.Contains(bodies[0], `"msgtype":"text"`) || !strings.Contains(bodies[0], "张三") {
			t.Fatalf("robot: %d posts %v", posts, bodies)
		}
		if made, err := n.Dispatch(ctx); err != nil || made != 0 {
			t.Fatalf("a second dispatch made %d: %v", made, err)
		}
		// Done and opened again, the item is a new message.
		if err := notify.Done(ctx, db, time.Now(), "exemption:1"); err != nil {
			t.Fatal(err)
		}
		if err := notify.Wait(ctx, db, countyItem(w, "exemption:1", "暂缓交流申请待审批：张三（甲区第一小学）")); err != nil {
			t.Fatal(err)
		}
		if _, err := n.Dispatch(ctx); err != nil {
			t.Fatal(err)
		}
		waitSent(t, db, 4)
		if got := mails.messages(); len(got) != 2 {
			t.Fatalf("reopened: %d mails", len(got))
		}
	})
}

var deliveryHeader = regexp.MustCompile(`X-Jiaoliu-Delivery: (\S+)`)

// Two processes on one PostgreSQL database, each with its queue, dispatch
// the same items at once and both try to send each delivery: every
// message goes out exactly once.
func TestDeliveryExactlyOnceTwoProcesses(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, "postgres")
	clock := app.SystemClock{}
	open := func() *store.DB {
		db, err := store.Open(ctx, dsn, clock)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	db1 := open()
	db2 := open()
	w := storetest.NewWorld(t, db1)
	mails := startMail(t, 0)
	smtp, err := notify.ParseSMTP("smtp://"+mails.addr, "jiaoliu@example.cn")
	if err != nil {
		t.Fatal(err)
	}
	cfg := notify.Config{BaseURL: "https://jiaoliu.example.cn", SMTP: smtp}
	n1 := notify.NewService(db1, audit.NewLog(db1, clock), clock, cfg, actorOf(db1))
	n2 := notify.NewService(db2, audit.NewLog(db2, clock), clock, cfg, actorOf(db2))
	if err := db1.SavePrefs(ctx, &notify.Prefs{UserID: w.Actors[auth.RoleCountyHR].ID, Email: "hr@example.cn", EmailOn: true,
		UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	const items = 20
	for i := range items {
		if err := notify.Wait(ctx, db1, countyItem(w, fmt.Sprintf("test:%d", i), fmt.Sprintf("待审批第%d件", i))); err != nil {
			t.Fatal(err)
		}
	}
	startQueue(t, db1, n1)
	startQueue(t, db2, n2)
	var wg sync.WaitGroup
	for _, n := range []*notify.Service{n1, n2, n1, n2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := n.Dispatch(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ds, err := db1.FindDeliveries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Both processes also work every delivery themselves, at once.
	for _, d := range ds {
		for _, n := range []*notify.Service{n1, n2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := n.Send(ctx, d.ID, false); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	waitSent(t, db1, items)
	time.Sleep(time.Second) // let any duplicate job run
	seen := map[string]int{}
	for _, m := range mails.messages() {
		k := deliveryHeader.FindStringSubmatch(m.data)
		if k == nil {
			t.Fatalf("a mail without its delivery: %s", m.data)
		}
		seen[k[1]]++
	}
	if len(seen) != items {
		t.Fatalf("%d distinct messages, want %d", len(seen), items)
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("%s sent %d times", k, c)
		}
	}
}

// fakeQueue records what is queued.
type fakeQueue struct{ ids []int64 }

func (q *fakeQueue) EnqueueDelivery(_ context.Context, id int64) error {
	q.ids = append(q.ids, id)
	return nil
}

// A digest goes once a day from 8:00 (Asia/Shanghai), to the users and
// units that chose one, listing their unread items; those take no single
// messages.
func TestDigest(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		// 07:59 in Shanghai on 30 September 2026.
		clock := app.NewFixedClock(time.Date(2026, 9, 29, 23, 59, 0, 0, time.UTC))
		smtp, _ := notify.ParseSMTP("smtp://127.0.0.1:1", "jiaoliu@example.cn")
		n := notify.NewService(db, audit.NewLog(db, clock), clock, notify.Config{BaseURL: "https://jiaoliu.example.cn", SMTP: smtp}, actorOf(db))
		q := &fakeQueue{}
		n.SetQueue(q)
		hr := w.Actors[auth.RoleCountyHR].ID
		if err := db.SavePrefs(ctx, &notify.Prefs{UserID: hr, Email: "hr@example.cn", EmailOn: true, Digest: true, UpdatedAt: clock.Now()}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveUnit(ctx, &notify.Unit{Kind: notify.UnitCounty, ID: w.CountyA.ID, DingTalk: "https://oapi.dingtalk.com/robot/send?access_token=x",
			Digest: true, UpdatedAt: clock.Now()}); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if err := notify.Wait(ctx, db, countyItem(w, fmt.Sprintf("test:%d", i), fmt.Sprintf("待审批第%d件", i))); err != nil {
				t.Fatal(err)
			}
		}
		if made, err := n.Dispatch(ctx); err != nil || made != 0 {
			t.Fatalf("digest readers got single messages: %d %v", made, err)
		}
		if made, err := n.Digest(ctx); err != nil || made != 0 {
			t.Fatalf("before 8:00: %d %v", made, err)
		}
		clock.Advance(time.Minute)
		if made, err := n.Digest(ctx); err != nil || made != 2 {
			t.Fatalf("at 8:00: %d %v", made, err)
		}
		if made, err := n.Digest(ctx); err != nil || made != 0 {
			t.Fatalf("twice a day: %d %v", made, err)
		}
		ds, _ := db.FindDeliveries(ctx)
		for _, d := range ds {
			if !strings.HasPrefix(d.Key, "digest:2026-09-30:") || !strings.Contains(d.Body, "今日待办3项") || !strings.Contains(d.Body, "待审批第2件") {
				t.Errorf("digest %s: %s", d.Key, d.Body)
			}
		}
		if len(q.ids) != 2 {
			t.Fatalf("queued %d", len(q.ids))
		}
		clock.Advance(24 * time.Hour)
		if made, err := n.Digest(ctx); err != nil || made != 2 {
			t.Fatalf("the next day: %d %v", made, err)
		}
	})
}

func TestParseSMTP(t *testing.T) {
	c, err := notify.ParseSMTP("smtp://mailer:p%40ss@mail.example.cn:587", "jiaoliu@example.cn")
	if err != nil || c.Host != "mail.example.cn" || c.Port != 587 || c.User != "mailer" || c.Password != "p@ss" || strings.Contains(c.String(), "p@ss") {
		t.Fatalf("%+v %v", c, err)
	}
	if c, err := notify.ParseSMTP("", ""); c != nil || err != nil {
		t.Fatalf("no URL: %v %v", c, err)
	}
	for _, bad := range []string{"http://mail.example.cn", "smtp://", "smtp://host:port"} {
		if _, err := notify.ParseSMTP(bad, "a@example.cn"); app.ErrorCode(err) != app.Invalid {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := notify.ParseSMTP("smtp://mail.example.cn", ""); app.ErrorCode(err) != app.Invalid {
		t.Errorf("no sender: %v", err)
	}
	if got := notify.Mask("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"); got != "https://qyapi.weixin.qq.com/••••" {
		t.Errorf("mask: %s", got)
	}
}

// StateOn and Near on the days around a date: the due day is still in
// time, the next is overdue; an item enters the inbox Lead days before.
func TestDeadlineBoundaries(t *testing.T) {
	due := app.NewDate(2026, time.September, 30)
	for day, want := range map[app.Date]notify.State{due.AddDays(-1): notify.StateUpcoming, due: notify.StateToday, due.AddDays(1): notify.StateOverdue} {
		if got := notify.StateOn(due, day); got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
	if notify.Near(due, due.AddDays(-notify.Lead-1)) || !notify.Near(due, due.AddDays(-notify.Lead)) || !notify.Near(due, due.AddDays(1)) {
		t.Errorf("Near around %d days before", notify.Lead)
	}
}
