package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// placePolicy is a kind of notice read by whoever sees its place in the
// tree and answered by those who run its county's rotation; its Upheld
// hook writes an audit row and then fails when failNext is set.
type placePolicy struct {
	log      *audit.Log
	failNext bool
	upheld   []int64
}

func (p *placePolicy) CanRead(ctx context.Context, n *notice.Notice) bool {
	return auth.Decide(app.ActorOf(ctx), auth.OrgRead, n.Place, "") == nil
}

func (p *placePolicy) CanAnswer(ctx context.Context, n *notice.Notice) bool {
	return auth.Decide(app.ActorOf(ctx), auth.RotationManage, n.Place, "") == nil
}

func (p *placePolicy) Upheld(ctx context.Context, n *notice.Notice, o *notice.Objection) error {
	if err := p.log.Record(ctx, audit.Change{Action: "test.upheld", Entity: "notice", EntityID: n.ID, Summary: o.Text}); err != nil {
		return err
	}
	if p.failNext {
		p.failNext = false
		return errors.New("the owner refuses")
	}
	p.upheld = append(p.upheld, o.ID)
	return nil
}

type noticeFixture struct {
	db     *store.DB
	w      *storetest.World
	clock  *app.FixedClock
	svc    *notice.Service
	policy *placePolicy
	hr     context.Context // county HR of A: answers
	school context.Context // school admin of A1: reads, objects
	other  context.Context // county HR of B: sees nothing of A
}

func newNoticeFixture(t *testing.T, db *store.DB) *noticeFixture {
	w := storetest.NewWorld(t, db)
	clock := app.NewFixedClock(time.Date(2027, 3, 1, 2, 0, 0, 0, time.UTC))
	log := audit.NewLog(db, clock)
	f := &noticeFixture{db: db, w: w, clock: clock, svc: notice.NewService(db, log, clock), policy: &placePolicy{log: log}}
	f.svc.Register(notice.KindRotationPlan, f.policy)
	bg := context.Background()
	f.hr = app.WithActor(bg, actorOf(w.Actors[auth.RoleCountyHR]))
	f.school = app.WithActor(bg, actorOf(w.Actors[auth.RoleSchoolAdmin]))
	other := storetest.MustCreateUser(t, db, "t-county-b", app.Place{CityID: w.City.ID, CountyID: w.CountyB.ID}, 0,
		app.Grant{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: w.CountyB.ID})
	f.other = app.WithActor(bg, actorOf(other))
	return f
}

func (f *noticeFixture) publish(t *testing.T, days int) *notice.Notice {
	t.Helper()
	n, err := f.svc.Publish(f.hr, notice.PublishInput{Kind: notice.KindRotationPlan, SubjectID: 7,
		Place: f.w.A1.Place(), Title: "甲区2027学年教师交流方案", Body: "公示如下",
		Entries: []notice.Entry{{Key: "T1", EducatorID: f.w.EA1.ID, Label: f.w.EA1.Name, Detail: "甲区第一小学 → 甲区第二小学"},
			{Key: "T2", EducatorID: f.w.EA2.ID, Label: f.w.EA2.Name, Detail: "甲区第二小学 → 甲区第一小学"}},
		Days: days})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func wantCode(t *testing.T, err error, code app.Code, msg string) {
	t.Helper()
	if app.ErrorCode(err) != code || !strings.Contains(app.ErrorMessage(err, "zh"), msg) {
		t.Fatalf("err = %v, want %s containing %q", err, code, msg)
	}
}

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	_, n, err := db.FindAudit(context.Background(), audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNoticeLifecycle: a notice is published, taken objections while open
// (its last day included) and refused them after; an upheld answer runs
// the owner's hook in its transaction, and a failing hook rolls the answer
// back; the published entries stay as published.
func TestNoticeLifecycle(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newNoticeFixture(t, db)
		ctx := context.Background()
		_, err := f.svc.Publish(f.school, notice.PublishInput{Kind: notice.KindRotationPlan, Place: app.Place{CountyID: f.w.CountyA.ID}, Title: "x", Days: 5})
		wantCode(t, err, app.Forbidden, "权限")
		_, err = f.svc.Publish(f.hr, notice.PublishInput{Kind: notice.KindRotationPlan, Place: app.Place{CountyID: f.w.CountyA.ID}, Title: "x", Days: 31})
		wantCode(t, err, app.Invalid, "公示天数应在1至30之间")
		n := f.publish(t, 5)
		if n.Status != notice.StatusOpen || n.Start != app.NewDate(2027, 3, 1) || n.End != app.NewDate(2027, 3, 5) {
			t.Fatalf("published: %s %s–%s", n.Status, n.Start, n.End)
		}
		if auditCount(t, db, "notice.publish") != 1 {
			t.Error("no audit row for the publication")
		}
		// Out of scope: not found, neither the notice nor on the list.
		_, err = f.svc.FindByID(f.other, n.ID)
		wantCode(t, err, app.NotFound, "")
		_, err = f.svc.Object(f.other, n.ID, "", "不同意这个方案")
		wantCode(t, err, app.NotFound, "")
		if list, total, err := f.svc.Readable(f.other, notice.Filter{}); err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("county B reads %d notices: %v", total, err)
		}
		if list, total, err := f.svc.Readable(f.school, notice.Filter{}); err != nil || total != 1 || list[0].ID != n.ID {
			t.Fatalf("the school reads %d notices: %v", total, err)
		}
		// Objections while open: validated, about an entry or the whole.
		_, err = f.svc.Object(f.school, n.ID, "T1", "x")
		wantCode(t, err, app.Invalid, "请写明异议内容")
		_, err = f.svc.Object(f.school, n.ID, "T9", "这个人不在名单上")
		wantCode(t, err, app.Invalid, "不在公示名单中")
		o1, err := f.svc.Object(f.school, n.ID, "T1", "张三老师家有重病老人需照顾")
		if err != nil {
			t.Fatal(err)
		}
		// The last day is still open; the day after is not.
		f.clock.Advance(4 * 24 * time.Hour)
		o2, err := f.svc.Object(f.school, n.ID, "", "希望多派一名数学教师")
		if err != nil {
			t.Fatalf("objection on the last day (%s): %v", app.DateOf(f.clock.Now()), err)
		}
		f.clock.Advance(24 * time.Hour)
		_, err = f.svc.Object(f.school, n.ID, "", "公示期后的异议")
		wantCode(t, err, app.Conflict, "只能在公示期内提出异议")
		if got, _ := f.svc.FindByID(f.hr, n.ID); got.Status != notice.StatusClosed || got.Unanswered != 2 {
			t.Fatalf("after the period: %s, %d unanswered", got.Status, got.Unanswered)
		}
		// Answers: by those who may, once; a failing hook rolls it back.
		_, err = f.svc.Answer(f.school, o1.ID, "同意", notice.OutcomeUpheld)
		wantCode(t, err, app.Forbidden, "")
		_, err = f.svc.Answer(f.hr, o1.ID, "同意", "maybe")
		wantCode(t, err, app.Invalid, "请选择异议是否成立")
		f.policy.failNext = true
		if _, err := f.svc.Answer(f.hr, o1.ID, "经核实情况属实", notice.OutcomeUpheld); err == nil {
			t.Fatal("the answer stood though its hook failed")
		}
		if o, _ := db.FindNoticeObjectionByID(ctx, o1.ID); o.Answered() || auditCount(t, db, "test.upheld") != 0 || auditCount(t, db, "notice.answer") != 0 {
			t.Fatalf("a failed hook left the answer %q or its writes", o.Outcome)
		}
		a1, err := f.svc.Answer(f.hr, o1.ID, "经核实情况属实", notice.OutcomeUpheld)
		if err != nil || !a1.Upheld() || len(f.policy.upheld) != 1 || auditCount(t, db, "test.upheld") != 1 {
			t.Fatalf("upheld answer: %+v, hook ran %d times: %v", a1, len(f.policy.upheld), err)
		}
		_, err = f.svc.Answer(f.hr, o1.ID, "再次处理", notice.OutcomeDismissed)
		wantCode(t, err, app.Conflict, "该异议已处理")
		if _, err := f.svc.Answer(f.hr, o2.ID, "编制已满", notice.OutcomeDismissed); err != nil || len(f.policy.upheld) != 1 {
			t.Fatalf("dismissed answer: %v (hook ran %d times)", err, len(f.policy.upheld))
		}
		// The entries are a snapshot: renaming the person changes nothing.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE educators SET name = '张三丰' WHERE id = $1`, f.w.EA1.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.FindByID(f.school, n.ID)
		if err != nil || len(got.Entries) != 2 || got.Entries[0].Label != "张三" || got.Entries[0].Detail != "甲区第一小学 → 甲区第二小学" {
			t.Fatalf("entries after a rename: %+v, %v", got.Entries, err)
		}
		// Closing ends the answers.
		if err := f.svc.Close(f.school, n.ID); app.ErrorCode(err) != app.Forbidden {
			t.Fatalf("the school closed the notice: %v", err)
		}
		if err := f.svc.Close(f.hr, n.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Withdraw(f.hr, n.ID, "重复"); app.ErrorCode(err) != app.Conflict {
			t.Fatalf("withdrawing a closed notice: %v", err)
		}
		ns, err := f.svc.ForSubject(f.hr, notice.KindRotationPlan, 7)
		if err != nil || len(ns) != 1 || ns[0].State != notice.StateClosed || len(ns[0].Objections) != 2 {
			t.Fatalf("ForSubject: %+v, %v", ns, err)
		}
	})
}

// TestNoticeObjectionAuthor: an objection belongs to the account that
// raised it, not to its display name: of two accounts named alike, the
// other one does not see it as theirs.
func TestNoticeObjectionAuthor(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newNoticeFixture(t, db)
		n := f.publish(t, 3)
		g := app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: f.w.A1.ID}
		u1 := storetest.MustCreateUser(t, db, "wang1", f.w.A1.Place(), 0, g)
		u2 := storetest.MustCreateUser(t, db, "wang2", f.w.A1.Place(), 0, g)
		as := func(u *auth.User) context.Context {
			a := actorOf(u)
			a.DisplayName = "王老师"
			return app.WithActor(context.Background(), a)
		}
		o, err := f.svc.Object(as(u1), n.ID, "T2", "李四老师本学年刚调入")
		if err != nil {
			t.Fatal(err)
		}
		if o.RaisedByUserID != u1.ID || o.RaisedBy != "王老师（wang1）" {
			t.Fatalf("raised by %d %q", o.RaisedByUserID, o.RaisedBy)
		}
		mine, _ := f.svc.FindByID(as(u1), n.ID)
		theirs, _ := f.svc.FindByID(as(u2), n.ID)
		all, _ := f.svc.FindByID(f.hr, n.ID)
		if len(mine.Objections) != 1 || len(theirs.Objections) != 0 || len(all.Objections) != 1 {
			t.Fatalf("objections seen: author %d, namesake %d, county HR %d", len(mine.Objections), len(theirs.Objections), len(all.Objections))
		}
		if _, _, err := f.svc.FindObjection(as(u2), o.ID); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("the namesake finds the objection: %v", err)
		}
	})
}
