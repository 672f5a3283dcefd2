package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// schoolFiles registers owner kind "school": read by whoever sees the
// school, written by its admins.
func schoolFiles(t *testing.T, db *store.DB) *attach.Service {
	svc := attach.NewService(db, storetest.MustCipher(t), audit.NewLog(db, app.SystemClock{}), app.SystemClock{})
	place := func(ctx context.Context, id int64) app.Place {
		sc, err := db.FindSchoolByID(ctx, id)
		if err != nil {
			return app.Place{SchoolID: -1}
		}
		return sc.Place()
	}
	svc.Register("school", func(ctx context.Context, id int64) bool {
		return auth.Decide(app.ActorOf(ctx), auth.OrgRead, place(ctx, id), "") == nil
	}, func(ctx context.Context, id int64) bool {
		return auth.Decide(app.ActorOf(ctx), auth.RotationApply, place(ctx, id), "") == nil
	})
	return svc
}

func attachmentRows(t *testing.T, db *store.DB) int {
	var n int
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM attachments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAttachments: a file is kept sealed and given back whole to those
// who read its owner; a refused file (hostile type, too large) leaves
// nothing behind.
func TestAttachments(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		svc := schoolFiles(t, db)
		school := app.WithActor(ctx, actorOf(w.Actors[auth.RoleSchoolAdmin]))
		owner := attach.Owner{Kind: "school", ID: w.A1.ID}
		plain := append([]byte("%PDF-1.4\n"), []byte("身份证号 110101199003071234 推荐材料")...)
		a, err := svc.Save(school, owner, `C:\材料\推荐表.pdf`, bytes.NewReader(plain))
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != "推荐表.pdf" || a.ContentType != "application/pdf" || a.Size != int64(len(plain)) || len(a.SHA256) != 64 {
			t.Fatalf("saved %+v", a)
		}
		var stored []byte
		if err := db.SQL().QueryRowContext(ctx, `SELECT content FROM attachments WHERE id = $1`, a.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte("110101199003071234")) || bytes.Contains(stored, []byte("%PDF")) {
			t.Errorf("the file is stored in clear: %q", stored)
		}
		got, content, err := svc.Open(school, a.ID)
		if err != nil || !bytes.Equal(content, plain) || got.Name != a.Name || got.Owner != owner {
			t.Fatalf("Open = %+v, %q, %v", got, content, err)
		}
		if list, err := svc.List(school, owner); err != nil || len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("List = %v, %v", list, err)
		}
		// Outside the owner's scope: not found.
		other := app.WithActor(ctx, actorOf(storetest.MustCreateUser(t, db, "t-b1", w.B1.Place(), 0,
			app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: w.B1.ID})))
		if _, _, err := svc.Open(other, a.ID); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("another school opens the file: %v", err)
		}
		if _, err := svc.Save(other, owner, "a.pdf", bytes.NewReader(plain)); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("another school adds a file: %v", err)
		}
		// A reader who may not write is refused.
		mentor := app.WithActor(ctx, actorOf(w.Actors[auth.RoleMentor]))
		if _, err := svc.Save(mentor, owner, "a.pdf", bytes.NewReader(plain)); app.ErrorCode(err) != app.Forbidden {
			t.Fatalf("a mentor adds a file: %v", err)
		}
		// Refusals: a page renamed .pdf, a script as .png, an unknown type,
		// an empty and an oversize file. Nothing is stored.
		for name, content := range map[string][]byte{
			"名单.pdf":    []byte("<html><script>alert(1)</script></html>"),
			"photo.png": []byte("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
			"page.html": []byte("<html></html>"),
			"a.docx":    []byte("PK\x03\x04 not really a document"),
			"empty.pdf": {},
			"big.pdf":   append([]byte("%PDF-1.4\n"), make([]byte, attach.MaxSize)...),
		} {
			_, err := svc.Save(school, owner, name, bytes.NewReader(content))
			if app.ErrorCode(err) != app.Invalid || !strings.Contains(app.ErrorMessage(err, "zh"), "未保存") {
				t.Errorf("%s: %v", name, err)
			}
		}
		if n := attachmentRows(t, db); n != 1 {
			t.Errorf("%d attachments stored, want 1", n)
		}
		_, err = svc.Save(school, owner, "big.pdf", bytes.NewReader(append([]byte("%PDF-1.4\n"), make([]byte, attach.MaxSize)...)))
		wantCode(t, err, app.Invalid, "超过10MB的上限")
	})
}
