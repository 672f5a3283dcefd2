package web_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store/storetest"
)

// Two commits of one upload requested at once: exactly one proceeds, the
// other is told the file is being imported; once imported, the upload
// cannot be committed again.
func TestCommitOnce(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			token := e.login(e.w.Actors[auth.RoleCountyHR].Username)
			id := "51990219800101001"
			id += string(people.IDCheckChar(id))
			header := "身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,骨干级别,职称,到校日期,任现职日期\n"
			ct, body := upload(map[string]string{"教职工.csv": header + id + ",赵六,男,1980-01-01," + e.w.A1.Code + ",教师,语文,在编在岗,,,2021-02-28,\n"})
			rec := e.do("POST", "/api/v1/roster/imports", token, ct, body)
			var started struct{ Run runJSON }
			if err := json.Unmarshal(rec.Body.Bytes(), &started); err != nil || rec.Code != 202 {
				t.Fatalf("upload: %d %s", rec.Code, rec.Body)
			}
			preview := e.waitRun(t, token, started.Run.ID)
			if preview.Result.Errors != 0 {
				t.Fatalf("preview: %+v", preview)
			}
			commit := "/api/v1/roster/imports/" + strconv.FormatInt(preview.ID, 10) + "/commit"
			var wg sync.WaitGroup
			codes := make([]int, 2)
			bodies := make([]string, 2)
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rec := e.do("POST", commit, token, "", "")
					codes[i], bodies[i] = rec.Code, rec.Body.String()
				}()
			}
			wg.Wait()
			winner := -1
			for i, c := range codes {
				switch {
				case c == 202:
					if winner >= 0 {
						t.Fatalf("both commits proceeded: %v", bodies)
					}
					winner = i
				case c == 409 && (strings.Contains(bodies[i], "正在导入") || strings.Contains(bodies[i], "已经导入")):
				default:
					t.Fatalf("commit %d: %d %s", i, c, bodies[i])
				}
			}
			if winner < 0 {
				t.Fatalf("no commit proceeded: %v %v", codes, bodies)
			}
			json.Unmarshal([]byte(bodies[winner]), &started)
			if run := e.waitRun(t, token, started.Run.ID); !run.Result.Committed {
				t.Fatalf("commit run: %+v", run)
			}
			rec = e.do("POST", commit, token, "", "")
			if rec.Code != 409 || !strings.Contains(rec.Body.String(), "已经导入，不能重复导入") {
				t.Fatalf("commit after the import: %d %s", rec.Code, rec.Body)
			}
			// The form says the same on the page.
			page := e.do("POST", "/roster/runs/"+strconv.FormatInt(preview.ID, 10)+"/commit", token, formType, "")
			if !strings.Contains(page.Body.String(), "已经导入，不能重复导入") {
				t.Fatalf("commit form after the import: %d %s", page.Code, page.Body)
			}
		})
	}
}
