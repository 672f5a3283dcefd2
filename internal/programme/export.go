package programme

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/sheet"
)

// MembersWorkbook is a programme's list of participants as an .xlsx file:
// a title with the programme and its dates, then one row per participant.
func (s *Service) MembersWorkbook(ctx context.Context, p *Programme) ([]byte, error) {
	members, err := s.Members(ctx, p)
	if err != nil {
		return nil, err
	}
	const name = "参训人员名单"
	b := sheet.NewBook()
	b.Sheet(name)
	b.TitleRow(name, 1, 8, fmt.Sprintf("%s参训人员名单（%s—%s）", p.Name, p.Start.Chinese(), p.End.Chinese()))
	b.Header(name, 2, "序号", "姓名", "性别", "学校", "岗位", "参训类别", "报名时间", "登记人")
	for i, m := range members {
		b.Row(name, i+3, i+1, m.Name, people.Genders.Label(m.Gender, "zh"), m.SchoolName, people.Posts.Label(m.Post, "zh"),
			m.Category, app.DateOf(m.AddedAt).Chinese(), m.AddedBy)
	}
	b.Widths(name, 6, 10, 6, 24, 12, 14, 16, 16)
	return b.Bytes()
}
