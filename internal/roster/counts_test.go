package roster

import "testing"

// The 学校 sheet's 班级数, 在校生数 and 寄宿生数 (for the staffing
// establishment): whole numbers of 0 or more, boarders no more than pupils,
// empty cells unknown.
func TestSchoolCounts(t *testing.T) {
	read := func(set map[string]string) (*SchoolRow, []Issue) {
		wb, issues := readFiles(t, file("学校.csv", []byte(sheetCSV(stdHeader(schoolsSheet), row(schoolsSheet, set)))))
		if len(wb.Schools) != 1 {
			t.Fatalf("rows = %+v", wb.Schools)
		}
		return &wb.Schools[0], issues
	}
	r, issues := read(map[string]string{"班级数": "24", "在校生数": "１０８０", "寄宿生数": "300"})
	wantIssues(t, issues)
	if r.Classes == nil || *r.Classes != 24 || r.Pupils == nil || *r.Pupils != 1080 || r.Boarders == nil || *r.Boarders != 300 {
		t.Errorf("counts = %v %v %v", r.Classes, r.Pupils, r.Boarders)
	}
	r, issues = read(map[string]string{"班级数": "", "在校生数": "", "寄宿生数": ""})
	wantIssues(t, issues)
	if r.Classes != nil || r.Pupils != nil || r.Boarders != nil {
		t.Errorf("empty cells = %v %v %v, want nil", r.Classes, r.Pupils, r.Boarders)
	}
	_, issues = read(map[string]string{"班级数": "-1", "在校生数": "十"})
	if len(issues) != 2 {
		t.Errorf("issues = %v, want two (negative, not a number)", strs(issues))
	}
	r, issues = read(map[string]string{"在校生数": "100", "寄宿生数": "101"})
	if len(issues) != 1 || r.Boarders != nil {
		t.Errorf("boarders above pupils: issues %v, boarders %v", strs(issues), r.Boarders)
	}
}
