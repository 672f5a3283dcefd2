package roster_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// An import audits, per person, who was created or changed and which
// fields, so that the log answers "who moved this teacher, and when";
// never with a full ID number or a birth date.
func TestImportAuditsPeopleAndFields(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		first := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01\n"
		if res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": first}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("first import: %+v %v", res, err)
		}
		id := strconv.FormatInt(historyOf(t, db, "赵六")[0].EducatorID, 10)
		moved := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A2.Code + ",教师,语文,在编在岗,,一级教师,2025-09-01,2025-09-01\n"
		if res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": moved}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("move: %+v %v", res, err)
		}
		careers := careerHeader + idNew1 + "," + f.w.B1.Code + ",教师,2005-09-01,2012-08-31,任职\n"
		if res, err := f.svc.Import(f.as(auth.RoleAdmin), csvFiles(map[string]string{"任职经历.csv": careers}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("history: %+v %v %v", res, err, res.Issues)
		}

		created, _, _ := db.FindAudit(context.Background(), audit.Filter{Action: "educator.create"})
		if len(created) != 1 || created[0].EntityID != id+"–"+id || !strings.Contains(created[0].Summary, "赵六（519902************）") ||
			!strings.Contains(created[0].Detail, f.w.A1.Code) {
			t.Fatalf("creation: %+v", created)
		}
		// The detail reads as entries always have: each person's fields in the order of their names.
		if want := `{"after":[{"id":` + id + `,"id_number_masked":"519902************","name":"赵六","post":"teacher","school_code":"` +
			f.w.A1.Code + `"}],"before":null}`; created[0].Detail != want {
			t.Fatalf("creation detail:\n%s\nwant\n%s", created[0].Detail, want)
		}
		updates, _, _ := db.FindAudit(context.Background(), audit.Filter{Entity: "educator", EntityID: id, Action: "educator.update"})
		if len(updates) != 2 {
			t.Fatalf("%d update entries, want 2: %+v", len(updates), updates)
		}
		move, history := updates[1], updates[0] // newest first
		for _, want := range []string{"赵六（519902************）", "学校: " + f.w.A1.Name + " → " + f.w.A2.Name, "到校日期: 2012-09-01 → 2025-09-01",
			"任职经历新增：任职 " + f.w.A2.Name + " 教师 2025年9月1日起", "改为至2025年8月31日"} {
			if !strings.Contains(move.Summary, want) {
				t.Errorf("the move's entry lacks %q: %s", want, move.Summary)
			}
		}
		if move.Actor != f.w.Actors[auth.RoleCountyHR].Username {
			t.Errorf("the move's actor: %s", move.Actor)
		}
		if !strings.Contains(history.Summary, "任职经历新增：任职 "+f.w.B1.Name+" 教师 2005年9月1日至2012年8月31日") {
			t.Errorf("the history's entry: %s", history.Summary)
		}
		all, _, _ := db.FindAudit(context.Background(), audit.Filter{})
		for _, e := range all {
			text := e.Summary + e.Detail
			if strings.Contains(text, idNew1[:17]) || strings.Contains(text, "1980-01-01") || strings.Contains(text, "19800101") {
				t.Errorf("audit entry %d (%s) holds an ID number or a birth date: %s", e.Seq, e.Action, text)
			}
		}
	})
}

// The preview lists the people it creates and changes; a file with errors
// shows its errors and no counts.
func TestPreviewListsPeople(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		first := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01\n"
		if res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": first}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("first import: %+v %v", res, err)
		}
		text := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,高级教师,2012-09-01,2012-09-01\n" +
			idNew2 + ",钱七,女,1985-09-01," + f.w.A2.Code + ",副校长,英语,在编在岗,,,2010-09-01,2019-09-01\n"
		res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": text}), roster.ImportOptions{DryRun: true})
		if err != nil || res.ChangesTotal != 2 || len(res.Changes) != 2 {
			t.Fatalf("preview: %+v %v", res, err)
		}
		up, cr := res.Changes[0], res.Changes[1]
		if up.Action != roster.ChangeUpdate || up.Name != "赵六" || up.Key != "519902************" || up.Row != 2 ||
			strings.Join(up.Fields, ";") != "职称: 一级教师 → 高级教师" {
			t.Errorf("update: %+v", up)
		}
		if cr.Action != roster.ChangeCreate || cr.Name != "钱七" || cr.Row != 3 || !strings.HasPrefix(cr.Key, "519902********") ||
			strings.Join(cr.Fields, ";") != "学校: "+f.w.A2.Name+";岗位: 副校长" {
			t.Errorf("creation: %+v", cr)
		}
		// One bad row: the errors, and no figures of what would have been done.
		bad := text + idNew2[:17] + "0,孙八,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,,2012-09-01,\n"
		res, err = f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": bad}), roster.ImportOptions{DryRun: true})
		if err != nil || res.Errors == 0 || res.Educators != (roster.Counts{}) || res.Careers != (roster.Counts{}) ||
			len(res.Changes) != 0 || res.ChangesTotal != 0 {
			t.Fatalf("preview with errors: %+v %v", res, err)
		}
	})
}
