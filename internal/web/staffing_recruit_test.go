package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
)

// recruitUpload is a multipart body holding a sheet of recruits.
func recruitUpload(t *testing.T, county int64, rows ...[]string) (string, string) {
	f := excelize.NewFile()
	for r, row := range append([][]string{staffing.RecruitColumns}, rows...) {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	var sheet, body bytes.Buffer
	if err := f.Write(&sheet); err != nil {
		t.Fatal(err)
	}
	mw := multipart.NewWriter(&body)
	mw.WriteField("county_id", strconv.FormatInt(county, 10))
	part, _ := mw.CreateFormFile("file", "新招聘教师.xlsx")
	part.Write(sheet.Bytes())
	mw.Close()
	return mw.FormDataContentType(), body.String()
}

// County HR uploads a sheet, has the solver propose and approves on the
// board; the recruits become educators of the schools chosen.
func TestRecruitSheetToApproval(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	token := e.login(w.Actors[auth.RoleCountyHR].Username)
	id1, id2 := recruitIDNumber(), recruitIDNumber()
	// A bad row: nothing is entered and the page names the row.
	ct, body := recruitUpload(t, w.CountyA.ID, []string{"赵一", id1, "数学", "小学"}, []string{"钱二", "123", "语文", "小学"})
	if rec := e.do("POST", "/recruits/import", token, ct, body); rec.Code != 422 || !strings.Contains(rec.Body.String(), "第3行") {
		t.Fatalf("a sheet with a bad row: %d %.300s", rec.Code, rec.Body.String())
	}
	ct, body = recruitUpload(t, w.CountyA.ID, []string{"赵一", id1, "数学", "小学", "本科", w.A2.Name}, []string{"钱二", id2, "语文", "小学"})
	if rec := e.do("POST", "/recruits/import", token, ct, body); rec.Code != 303 {
		t.Fatalf("import: %d %.300s", rec.Code, rec.Body.String())
	}
	rec := e.do("GET", "/api/v1/recruits?county="+strconv.FormatInt(w.CountyA.ID, 10), token, "", "")
	var rs []*staffing.Recruit
	if err := json.Unmarshal(rec.Body.Bytes(), &rs); err != nil || len(rs) != 2 || rs[0].HomeSchoolID == 0 && rs[1].HomeSchoolID == 0 {
		t.Fatalf("recruits %s", rec.Body.String())
	}
	// Choosing the rural weak school A2 by hand is refused while it has no vacancy.
	if rec := e.do("POST", "/recruits/"+strconv.FormatInt(rs[0].ID, 10)+"/school", token, formType, form("school_id", strconv.FormatInt(w.A2.ID, 10))); rec.Code != 422 {
		t.Fatalf("a school without a vacancy: %d", rec.Code)
	}
	// Open a post at A2: the filed establishment has one more than its staff in post.
	mustFileVacancy(t, e, w.CountyA.ID, w.A2.ID)
	if rec := e.do("POST", "/recruits/counties/"+strconv.FormatInt(w.CountyA.ID, 10)+"/proposal", token, formType, ""); rec.Code != 303 {
		t.Fatalf("propose: %d", rec.Code)
	}
	var b staffing.Board
	rec = e.do("GET", "/api/v1/recruits/counties/"+strconv.FormatInt(w.CountyA.ID, 10), token, "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	var chosen []string
	for _, r := range b.Recruits {
		if r.SchoolID == w.A2.ID {
			chosen = append(chosen, "recruit_id", strconv.FormatInt(r.ID, 10))
		}
	}
	if len(chosen) != 2 {
		t.Fatalf("one post at A2, want one recruit proposed there: %s", rec.Body.String())
	}
	rec = e.do("POST", "/recruits/counties/"+strconv.FormatInt(w.CountyA.ID, 10)+"/approval", token, formType, form(append(chosen, "start", "2026-09-01")...))
	if rec.Code != 303 {
		t.Fatalf("approve: %d %.300s", rec.Code, rec.Body.String())
	}
	n, _ := strconv.ParseInt(chosen[1], 10, 64)
	r, err := e.db.FindRecruitByID(context.Background(), n)
	if err != nil || r.Status != staffing.RecruitPlaced || r.EducatorID == 0 {
		t.Fatalf("placed %+v %v", r, err)
	}
	career, err := e.db.FindCareer(context.Background(), r.EducatorID)
	if err != nil || len(career) != 1 || career[0].SchoolID != w.A2.ID || career[0].Kind != people.CareerAppointment {
		t.Fatalf("career %+v %v", career, err)
	}
}

// mustFileVacancy files county's allocation for 2026 with one post more at
// school than it has staff in post, and every other school at its staff in
// post: the establishment's one vacancy in the county.
func mustFileVacancy(t *testing.T, e *env, county, school int64) {
	t.Helper()
	svc := staffing.New(e.db, audit.NewLog(e.db, e.clock), e.clock)
	ctx := system(0)
	st := *staffing.DefaultSettings(county, 2026)
	st.Total = 1000
	if _, err := svc.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	al, err := svc.Compute(ctx, county, 2026, "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.County(ctx, county)
	if err != nil {
		t.Fatal(err)
	}
	var adj []staffing.Adjustment
	for _, sc := range c.Schools {
		n := sc.InPost
		if sc.SchoolID == school {
			n++
		}
		adj = append(adj, staffing.Adjustment{SchoolID: sc.SchoolID, Allocated: n, Reason: "测试：按在编在岗核定"})
	}
	if al, err = svc.Adjust(ctx, al.ID, adj, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.File(ctx, al.ID); err != nil {
		t.Fatal(err)
	}
}
