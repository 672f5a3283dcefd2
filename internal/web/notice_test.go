package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/attach"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
)

// multipartFile is a multipart body holding one file in field "file".
func multipartFile(name string, content []byte) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

func (e *env) attachmentCount() int {
	var n int
	if err := e.db.SQL().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM attachments`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// TestNoticePages: a school's round notice on the notices pages: listed
// for its school and not for the city, read with its period in Chinese
// dates, objected to and answered through the notice's own forms and API;
// files attached to it are refused unless they are what they claim, and
// served only as downloads.
func TestNoticePages(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.cases(auth.RoleSchoolAdmin)[0]
	r := e.roundAt(c, "published")
	ns, err := e.db.FindNotices(context.Background(), notice.KindRotationRound, r.ID)
	if err != nil || len(ns) != 1 {
		t.Fatalf("the round's notice: %v %v", ns, err)
	}
	id := strconv.FormatInt(ns[0].ID, 10)
	np := "/notices/" + id
	app := strconv.FormatInt(r.Applications[0].ID, 10)
	title := "甲区第一小学乡镇内支教选派公示"
	e.run(t, []scenario{
		{name: "the nav links the notices", as: auth.RoleSchoolAdmin, method: "GET", path: "/", status: 200, contains: []string{`href="/notices"`}},
		{name: "list", as: auth.RoleSchoolAdmin, method: "GET", path: "/notices", status: 200,
			contains: []string{title, "公示中", "2026年9月1日—2026年9月5日", `href="` + np + `"`}},
		{name: "the city does not reach a school's notice", as: auth.RoleCity, method: "GET", path: "/notices", status: 200, excludes: []string{title}},
		{name: "nor its page", as: auth.RoleCity, method: "GET", path: np, status: 404},
		{name: "page", as: auth.RoleSchoolAdmin, method: "GET", path: np, status: 200,
			contains: []string{title, "2026年9月1日至2026年9月5日（5天）", "公示名单", "量化得分85.0", `id="notice-objection-form"`, `id="notice-attachment-form"`,
				`href="/rotation/rounds/` + strconv.FormatInt(r.ID, 10) + `"`}},
		{name: "page in English", as: auth.RoleSchoolAdmin, method: "GET", path: np, header: []string{"Cookie", "jiaoliu_lang=en"}, status: 200,
			contains: []string{"1 Sep 2026", "Objections and answers"}},
		{name: "a participant reads and may object, not attach", as: auth.RoleParticipant, method: "GET", path: np, status: 200,
			contains: []string{`id="notice-objection-form"`}, excludes: []string{`id="notice-attachment-form"`}},
		{name: "object", as: auth.RoleParticipant, method: "POST", path: np + "/objections", contentType: formType,
			body: form("entry_key", app, "text", "量化分计入了不属实的获奖"), status: 303},
		{name: "object: too short changes nothing", as: auth.RoleParticipant, method: "POST", path: "/api/v1/notices/" + id + "/objections",
			contentType: jsonType, body: `{"text":"x"}`, status: 422, contains: []string{"请写明异议内容（2至1000字）"}},
		{name: "the answer form", as: auth.RoleSchoolAdmin, method: "GET", path: np, status: 200,
			contains: []string{"量化分计入了不属实的获奖", `action="/objections/`}, excludes: []string{"没有异议。"}},
		{name: "the objector sees it waiting", as: auth.RoleParticipant, method: "GET", path: np, status: 200,
			contains: []string{"量化分计入了不属实的获奖", "待答复"}, excludes: []string{`action="/objections/`}},
	})
	o, err := e.db.FindNoticeByID(context.Background(), ns[0].ID)
	if err != nil || len(o.Objections) != 1 {
		t.Fatalf("objections: %+v %v", o, err)
	}
	oid := strconv.FormatInt(o.Objections[0].ID, 10)
	e.run(t, []scenario{
		{name: "answer without an outcome", as: auth.RoleSchoolAdmin, method: "POST", path: "/objections/" + oid + "/answer", contentType: formType,
			body: form("answer", "经核实属实"), status: 422, contains: []string{"请选择异议是否成立"}},
		{name: "a participant may not answer", as: auth.RoleParticipant, method: "POST", path: "/api/v1/objections/" + oid + "/answer", contentType: jsonType,
			body: `{"answer":"经核实属实","outcome":"upheld"}`, status: 403},
		{name: "answer", as: auth.RoleSchoolAdmin, method: "POST", path: "/objections/" + oid + "/answer", contentType: formType,
			body: form("answer", "经核实属实，取消资格", "outcome", "upheld"), status: 303},
		{name: "the answer shows", as: auth.RoleParticipant, method: "GET", path: np, status: 200, contains: []string{"异议成立", "经核实属实，取消资格"}},
		{name: "API detail", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/notices/" + id, status: 200,
			contains: []string{`"can_answer":true`, `"outcome":"upheld"`, `"entries":[{"key":"` + app + `"`, `"attachments":[]`}},
		{name: "API list", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/notices?status=open", status: 200, contains: []string{`"total":1`, title}},
		{name: "API list, bad status", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/notices?status=x", status: 422},
	})

	// Attachments: a real PDF is kept and served as a download; a page
	// renamed .pdf and an oversize file are refused and leave nothing.
	admin := e.login(e.w.Actors[auth.RoleSchoolAdmin].Username)
	pdf := []byte("%PDF-1.4\n公示文件\n")
	ct, body := multipartFile("公示文件.pdf", pdf)
	if rec := e.do("POST", np+"/attachments", admin, ct, body); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	if n := e.attachmentCount(); n != 1 {
		t.Fatalf("%d attachments after one upload", n)
	}
	for name, content := range map[string][]byte{
		"名单.pdf":  []byte("<!DOCTYPE html><html><body><script>document.cookie</script></body></html>"),
		"大文件.pdf": append([]byte("%PDF-1.4\n"), make([]byte, attach.MaxSize)...),
	} {
		ct, body := multipartFile(name, content)
		for _, path := range []string{np + "/attachments", "/api/v1/notices/" + id + "/attachments"} {
			rec := e.do("POST", path, admin, ct, body)
			want := "内容与扩展名不符"
			if len(content) > attach.MaxSize {
				want = "超过10MB的上限"
			}
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), want) {
				t.Errorf("%s to %s: %d %.300s", name, path, rec.Code, rec.Body)
			}
		}
	}
	if n := e.attachmentCount(); n != 1 {
		t.Fatalf("%d attachments after refused uploads", n)
	}
	var detail struct {
		Attachments []attach.Attachment `json:"attachments"`
	}
	json.Unmarshal(e.do("GET", "/api/v1/notices/"+id, admin, "", "").Body.Bytes(), &detail)
	if len(detail.Attachments) != 1 {
		t.Fatalf("attachments listed: %+v", detail)
	}
	aid := strconv.FormatInt(detail.Attachments[0].ID, 10)
	for _, path := range []string{"/attachments/" + aid, "/api/v1/attachments/" + aid} {
		rec := e.do("GET", path, admin, "", "")
		h := rec.Header()
		if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), pdf) || h.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || !strings.Contains(h.Get("Content-Disposition"), "UTF-8''%E5%85%AC") ||
			h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d %v", path, rec.Code, h)
		}
	}
	city := e.login(e.w.Actors[auth.RoleCity].Username)
	if rec := e.do("GET", "/attachments/"+aid, city, "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("the city downloads the school's file: %d", rec.Code)
	}
}
