package placement

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
)

// Grades of an assessment item, best first.
const (
	GradeExcellent = "excellent" // 优秀
	GradeGood      = "good"      // 良好
	GradePass      = "pass"      // 合格
	GradeFail      = "fail"      // 不合格
)

// Grades is the vocabulary of the grades of one assessment item.
var Grades = app.Vocab{
	{Code: GradeExcellent, Zh: "优秀", En: "Excellent"},
	{Code: GradeGood, Zh: "良好", En: "Good"},
	{Code: GradePass, Zh: "合格", En: "Pass"},
	{Code: GradeFail, Zh: "不合格", En: "Fail"},
}

// Results is the vocabulary of a placement's final result (优秀 / 合格 /
// 不合格, [001]).
var Results = app.Vocab{
	{Code: GradeExcellent, Zh: "优秀", En: "Excellent"},
	{Code: GradePass, Zh: "合格", En: "Pass"},
	{Code: GradeFail, Zh: "不合格", En: "Fail"},
}

// Assessors of a placement.
const (
	AssessorMentor    = "mentor"    // 导师
	AssessorHost      = "host"      // 接收学校
	AssessorOrganiser = "organiser" // 项目组织方: the tasks
)

// Assessors is the vocabulary of who assesses.
var Assessors = app.Vocab{
	{Code: AssessorMentor, Zh: "导师考核", En: "Mentor's assessment"},
	{Code: AssessorHost, Zh: "接收学校考核", En: "Host school's assessment"},
	{Code: AssessorOrganiser, Zh: "组织方任务考核", En: "Organiser's assessment of the tasks"},
}

// Items are what the mentor and the host school assess ([001]: 职业道德、
// 敬业精神、学习成效).
var Items = app.Vocab{
	{Code: "ethics", Zh: "职业道德", En: "Professional ethics"},
	{Code: "dedication", Zh: "敬业精神", En: "Dedication"},
	{Code: "outcomes", Zh: "学习成效", En: "Learning outcomes"},
}

// ItemGrade is one item graded with a comment.
type ItemGrade struct {
	Item    string `json:"item"`
	Grade   string `json:"grade"`
	Comment string `json:"comment"`
}

// Assessment is one assessor's assessment of a placement. The mentor and
// the host grade the three items; the organiser's holds the task score
// computed from the records and the grade that follows from it.
type Assessment struct {
	Assessor  string      `json:"assessor"`
	Items     []ItemGrade `json:"items,omitempty"`
	TaskScore int         `json:"task_score,omitempty"`
	Grade     string      `json:"grade,omitempty"`
	Comment   string      `json:"comment"`
	By        string      `json:"by"`
	At        time.Time   `json:"at"`
}

// TaskScorer computes a participant's score on the programme's tasks,
// 0 to 100, from their records (the progress on each requirement): the
// organiser's assessment is that score, never a typed one. The progress
// of the participant workspace satisfies it at the merge; until a scorer
// is set, the organiser's assessment is refused (there is no fallback
// score), while the mentor's and the host's may be recorded.
type TaskScorer interface {
	TaskScore(ctx context.Context, placementID int64) (score int, err error)
}

// TaskGrade is the grade a task score earns: 90 and above excellent, 75
// good, 60 pass, below 60 fail.
func TaskGrade(score int) string {
	switch {
	case score >= 90:
		return GradeExcellent
	case score >= 75:
		return GradeGood
	case score >= 60:
		return GradePass
	}
	return GradeFail
}

// MinReport is the fewest characters of a final report.
const MinReport = 200

// Completion is where a placement stands at its end: the final report,
// the three assessments, the result and the report-back.
type Completion struct {
	PlacementID int64  `json:"placement_id"`
	ProgrammeID int64  `json:"programme_id"`
	EducatorID  int64  `json:"educator_id"`
	Name        string `json:"name"`
	// Report is the participant's final comprehensive report (总结报告).
	Report      string                 `json:"report"`
	ReportAt    time.Time              `json:"report_at,omitzero"`
	Assessments map[string]*Assessment `json:"assessments"`
	// Result is 优秀, 合格 or 不合格 once decided; Outstanding marks a
	// participant who reports to the whole district at the report-back.
	Result      string    `json:"result"`
	ResultBy    string    `json:"result_by"`
	ResultAt    time.Time `json:"result_at,omitzero"`
	Outstanding bool      `json:"outstanding"`
}

// rank orders grades: 3 excellent … 0 fail, -1 unknown.
func rank(grade string) int {
	switch grade {
	case GradeExcellent:
		return 3
	case GradeGood:
		return 2
	case GradePass:
		return 1
	case GradeFail:
		return 0
	}
	return -1
}

// FinalResult applies the programme's rules to a completion and returns
// the result with the reasons for it, or an error naming what is missing.
// The rules ([001] names the items and the three results, not the
// thresholds, which are what a bureau would expect):
//   - the final report and the mentor's, the host school's and the
//     organiser's assessments must all be there;
//   - 不合格 when any item of the mentor or the host is 不合格, or the task
//     score is below 60;
//   - 优秀 when the task score is 90 or more, no item is below 良好, and at
//     least half of the six items are 优秀;
//   - else 合格.
func FinalResult(c *Completion) (string, []string, error) {
	var missing []string
	if c.Report == "" {
		missing = append(missing, "总结报告")
	}
	for _, t := range Assessors {
		if c.Assessments[t.Code] == nil {
			missing = append(missing, t.Zh)
		}
	}
	if len(missing) > 0 {
		return "", nil, app.Errorf(app.Conflict, fmt.Sprintf("尚缺%s，暂不能评定结果", joinZh(missing)),
			"The report or an assessment is missing; the result cannot be decided yet")
	}
	tasks := c.Assessments[AssessorOrganiser]
	var fails, excellent, belowGood int
	items := 0
	for _, who := range []string{AssessorMentor, AssessorHost} {
		for _, g := range c.Assessments[who].Items {
			items++
			switch r := rank(g.Grade); {
			case r == 0:
				fails++
			case r == 3:
				excellent++
			}
			if rank(g.Grade) < 2 {
				belowGood++
			}
		}
	}
	var why []string
	switch {
	case fails > 0 || tasks.TaskScore < 60:
		if fails > 0 {
			why = append(why, fmt.Sprintf("导师或接收学校考核有%d项不合格", fails))
		}
		if tasks.TaskScore < 60 {
			why = append(why, fmt.Sprintf("任务完成得分%d，低于60", tasks.TaskScore))
		}
		return GradeFail, why, nil
	case tasks.TaskScore >= 90 && belowGood == 0 && excellent*2 >= items:
		return GradeExcellent, []string{fmt.Sprintf("任务完成得分%d，各项均在良好以上，%d项优秀", tasks.TaskScore, excellent)}, nil
	}
	return GradePass, []string{fmt.Sprintf("任务完成得分%d，%d项优秀", tasks.TaskScore, excellent)}, nil
}

func joinZh(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += "、"
		}
		out += p
	}
	return out
}
