package demo

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// The demo's secondments (SPEC §4.1–4.3, §4.6): the first county's seed
// [000] year, finished (its four batches are past on 2026-12-06), placed in
// the county's quality schools with mentors; and the city's seed [001]
// principals' two months in Shanghai Pudong, running now, in five groups,
// with participant1 placed at a host with mentor1 as mentor, costs and
// insurance partly recorded. The placements are the assignment helper's,
// then edited as a coordinator would.

// demoHost is a host school with its departments and the mentors (name,
// department) the demo creates there.
type demoHost struct {
	in      secondment.HostInput
	mentors [][2]string
}

var demoPudongHosts = []demoHost{
	{secondment.HostInput{HostDetails: secondment.HostDetails{Name: "上海市建平中学", Place: "上海浦东", Address: "上海市浦东新区崮山路517号",
		Level: "middle", ContactName: "陆老师", ContactPhone: "021-5881 0000"}, Departments: "校长室\n教务处\n德育处\n语文教研组\n数学教研组"},
		[][2]string{{"程校长", "校长室"}, {"严主任", "教务处"}, {"顾老师", "语文教研组"}}},
	{secondment.HostInput{HostDetails: secondment.HostDetails{Name: "上海市进才中学", Place: "上海浦东", Address: "上海市浦东新区杨高中路2788号",
		Level: "middle", ContactName: "沈老师", ContactPhone: "021-5061 0000"}, Departments: "校长室\n教务处\n数学教研组\n英语教研组"},
		[][2]string{{"陈校长", "校长室"}, {"吴主任", "教务处"}}},
	{secondment.HostInput{HostDetails: secondment.HostDetails{Name: "上海市浦东新区明珠小学", Place: "上海浦东", Address: "上海市浦东新区南泉北路",
		Level: "primary", ContactName: "钱老师", ContactPhone: "021-5882 0000"}, Departments: "校长室\n教导处\n语文教研组\n数学教研组\n英语教研组"},
		[][2]string{{"周校长", "校长室"}, {"孙主任", "教导处"}, {"许校长", "校长室"}}},
	{secondment.HostInput{HostDetails: secondment.HostDetails{Name: "上海市浦东新区进才实验小学", Place: "上海浦东", Address: "上海市浦东新区锦和路",
		Level: "primary", ContactName: "袁老师", ContactPhone: "021-6878 0000"}, Departments: "校长室\n教导处\n语文教研组\n数学教研组"},
		[][2]string{{"蒋校长", "校长室"}, {"韩主任", "教导处"}}},
}

// loadDemoSecondment fills the demo's two secondment programmes; ctx
// carries the loader's transaction and actor.
func loadDemoSecondment(ctx context.Context, s *Services, ids *demoIDs) error {
	hash, err := auth.HashPassword(Password, auth.DefaultArgon2)
	if err != nil {
		return app.Wrap("loadDemoSecondment", err)
	}
	county, err := demoProgrammeByName(ctx, s, demoProgrammes[0].in.Name)
	if err != nil {
		return err
	}
	if err := loadDemoCountySecondment(ctx, s, ids, county, hash); err != nil {
		return fmt.Errorf("demo secondment %s: %w", county.Name, err)
	}
	city, err := demoProgrammeByName(ctx, s, demoProgrammes[1].in.Name)
	if err != nil {
		return err
	}
	if err := loadDemoPrincipals(ctx, s, ids, city, hash); err != nil {
		return fmt.Errorf("demo secondment %s: %w", city.Name, err)
	}
	return nil
}

func demoProgrammeByName(ctx context.Context, s *Services, name string) (*programme.Programme, error) {
	list, _, err := s.DB.FindProgrammes(ctx, programme.Filter{Q: name, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, app.ErrNotFound("项目")
}

// demoMentor creates a host's mentor account (password jiaoliu-demo) with
// a mentor grant over the programme, or uses an existing account.
func demoMentor(ctx context.Context, s *Services, p *programme.Programme, h *secondment.Host, username, name, dept, hash string) (int64, error) {
	u, err := s.DB.FindUserByUsername(ctx, username)
	if app.ErrorCode(err) == app.NotFound {
		now := s.Clock.Now()
		u = &auth.User{Username: username, DisplayName: name, PasswordHash: hash, CountyID: p.CountyID, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if err := s.DB.CreateUser(ctx, u); err != nil {
			return 0, err
		}
	} else if err != nil {
		return 0, err
	}
	g := app.Grant{Role: auth.RoleMentor, ScopeKind: auth.ScopeProgramme, ScopeID: p.ID}
	if err := s.DB.CreateGrant(ctx, u.ID, &g, s.Clock.Now()); err != nil {
		return 0, err
	}
	m := &secondment.Mentor{ProgrammeID: p.ID, UserID: u.ID, HostID: h.ID, Title: "导师"}
	for _, d := range h.Departments {
		if d.Name == dept {
			m.DepartmentID = d.ID
		}
	}
	if err := s.DB.CreateMentor(ctx, m); err != nil {
		return 0, err
	}
	return u.ID, s.Audit.Record(ctx, audit.Change{Action: "secondment.mentor_create", Entity: "programme", EntityID: p.ID,
		Summary: fmt.Sprintf("演示数据：%s（%s）为项目“%s”导师（%s %s）", name, username, p.Name, h.Name, dept)})
}

// enrolAll puts every participant of p into a batch: the category's next
// batch with a free place, in order. The demo writes these as records of
// the past, so a finished batch takes them too.
func enrolAll(ctx context.Context, s *Services, p *programme.Programme, batches []*secondment.Batch) error {
	members, err := s.DB.FindPlacements(ctx, p.ID)
	if err != nil {
		return err
	}
	used := map[int64]map[string]int{}
	for _, pl := range members {
		for _, b := range batches {
			if used[b.ID] == nil {
				used[b.ID] = map[string]int{}
			}
			if q, ok := b.Quota(pl.Category); ok && used[b.ID][pl.Category] < q.Capacity {
				used[b.ID][pl.Category]++
				pl.BatchID, pl.UpdatedBy, pl.UpdatedAt = b.ID, "demo", s.Clock.Now()
				if err := s.DB.SavePlacement(ctx, pl); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// loadDemoCountySecondment: seed [000] of 2026 in the first county, in
// four batches at three of the county's quality schools.
func loadDemoCountySecondment(ctx context.Context, s *Services, ids *demoIDs, p *programme.Programme, hash string) error {
	dates := [][2]app.Date{{app.NewDate(2026, 3, 14), app.NewDate(2026, 4, 15)}, {app.NewDate(2026, 5, 9), app.NewDate(2026, 6, 10)},
		{app.NewDate(2026, 9, 1), app.NewDate(2026, 9, 30)}, {app.NewDate(2026, 10, 10), app.NewDate(2026, 11, 11)}}
	var batches []*secondment.Batch
	for i, d := range dates {
		b, err := s.Secondment.CreateBatch(ctx, p.ID, secondment.BatchInput{Name: fmt.Sprintf("第%s批", []string{"一", "二", "三", "四"}[i]),
			Start: d[0], End: d[1], Closed: true,
			Quotas: []secondment.QuotaInput{{Category: "中层干部", Capacity: 5}, {Category: "级部主任", Capacity: []int{4, 3, 3, 3}[i]}, {Category: "学科骨干教师", Capacity: 4}}})
		if err != nil {
			return err
		}
		batches = append(batches, b)
	}
	hosts := []secondment.HostInput{
		{HostDetails: secondment.HostDetails{CountyID: ids.county1, Name: ids.countyName[ids.county1] + "实验中学", Place: "本区",
			Level: "middle", ContactName: "办公室"},
			Departments: "教务处\n德育处\n初一级部\n初二级部\n语文教研组\n数学教研组\n英语教研组"},
		{HostDetails: secondment.HostDetails{CountyID: ids.county1, Name: ids.countyName[ids.county1] + "第一中学", Place: "本区",
			Level: "middle", ContactName: "办公室"},
			Departments: "教务处\n政教处\n初三级部\n物理教研组\n化学教研组\n数学教研组"},
	}
	// Each host has a mentor without a department too, who takes the
	// teachers of subjects without a group there.
	mentors := [][][2]string{{{"实验中学教务主任", "教务处"}, {"实验中学德育主任", "德育处"}, {"实验中学初一级部主任", "初一级部"},
		{"实验中学语文教研组长", "语文教研组"}, {"实验中学数学教研组长", "数学教研组"}, {"实验中学英语教研组长", "英语教研组"}, {"实验中学教科室主任", ""}},
		{{"一中教务主任", "教务处"}, {"一中初三级部主任", "初三级部"}, {"一中数学教研组长", "数学教研组"}, {"一中物理教研组长", "物理教研组"},
			{"一中化学教研组长", "化学教研组"}, {"一中教科室主任", ""}}}
	n := 0
	for i, in := range hosts {
		h, err := s.Secondment.CreateHost(ctx, in)
		if err != nil {
			return err
		}
		for _, b := range batches {
			if err := s.Secondment.SetBatchHost(ctx, p.ID, b.ID, h.ID, 7); err != nil {
				return err
			}
		}
		for _, m := range mentors[i] {
			n++
			if _, err := demoMentor(ctx, s, p, h, fmt.Sprintf("host-mentor%d", n), m[0], m[1], hash); err != nil {
				return err
			}
		}
	}
	if err := enrolAll(ctx, s, p, batches); err != nil {
		return err
	}
	for _, b := range batches {
		if _, err := s.Secondment.ApplyProposal(ctx, p.ID, b.ID, 3); err != nil {
			return err
		}
		for _, h := range b.Hosts {
			if err := s.Secondment.SetHostDuties(ctx, p.ID, b.ID, h.HostID, []string{"meals", "safety", "emergency"}); err != nil {
				return err
			}
		}
		if _, err := s.Secondment.AddCost(ctx, p.ID, secondment.CostInput{BatchID: b.ID, Item: "training", Budget: 1200000, Actual: 1150000,
			Note: "跟岗培训组织费"}); err != nil {
			return err
		}
	}
	return nil
}

// loadDemoPrincipals: seed [001], the city's principals in Shanghai Pudong,
// running from 2026-11-02 to 2026-12-31, with participant1 placed with mentor1.
func loadDemoPrincipals(ctx context.Context, s *Services, ids *demoIDs, p *programme.Programme, hash string) error {
	b, err := s.Secondment.CreateBatch(ctx, p.ID, secondment.BatchInput{Name: "第一期", Start: p.Start, End: p.End,
		Quotas: []secondment.QuotaInput{{Category: "中学校长", Capacity: 8}, {Category: "小学校长", Capacity: 10}, {Category: "后备干部", Capacity: 2}}})
	if err != nil {
		return err
	}
	var mentor1Host *secondment.Host
	for _, dh := range demoPudongHosts {
		in := dh.in
		in.CityID = ids.city
		h, err := s.Secondment.CreateHost(ctx, in)
		if err != nil {
			return err
		}
		capacity := 5
		if mentor1Host == nil {
			mentor1Host, capacity = h, 7
		}
		if err := s.Secondment.SetBatchHost(ctx, p.ID, b.ID, h.ID, capacity); err != nil {
			return err
		}
		for i, m := range dh.mentors {
			username := fmt.Sprintf("pd-mentor%d%d", h.ID, i+1)
			if _, err := demoMentor(ctx, s, p, h, username, m[0], m[1], hash); err != nil {
				return err
			}
		}
	}
	mentor1, err := demoMentor(ctx, s, p, mentor1Host, "mentor1", "导师", "数学教研组", hash)
	if err != nil {
		return err
	}
	for _, g := range []secondment.GroupInput{{Name: "中学第一组", Level: "middle"}, {Name: "中学第二组", Level: "middle"},
		{Name: "小学第一组", Level: "primary"}, {Name: "小学第二组", Level: "primary"}, {Name: "小学第三组", Level: "primary"}} {
		if _, err := s.Secondment.CreateGroup(ctx, p.ID, g); err != nil {
			return err
		}
	}
	if err := enrolAll(ctx, s, p, []*secondment.Batch{b}); err != nil {
		return err
	}
	if _, err := s.Secondment.ApplyProposal(ctx, p.ID, b.ID, 2); err != nil {
		return err
	}
	return demoPrincipalsEdits(ctx, s, ids, p, b, mentor1Host, mentor1)
}

// demoPrincipalsEdits are the coordinator's edits after the proposal:
// participant1 goes to mentor1 as 校长助理, each group gets its leader,
// and the costs and insurance recorded so far.
func demoPrincipalsEdits(ctx context.Context, s *Services, ids *demoIDs, p *programme.Programme, b *secondment.Batch, h *secondment.Host, mentor1 int64) error {
	_, list, _, err := s.Secondment.Placements(ctx, p.ID)
	if err != nil {
		return err
	}
	groups, err := s.Secondment.Groups(ctx, p)
	if err != nil {
		return err
	}
	for _, pl := range list {
		if pl.EducatorID != ids.participant {
			continue
		}
		in := secondment.PlacementInput{BatchID: b.ID, HostID: h.ID, MentorID: mentor1, GroupID: pl.GroupID, PostTitle: "校长助理"}
		for _, d := range h.Departments {
			if d.Name == "数学教研组" {
				in.DepartmentID = d.ID
			}
		}
		if _, err := s.Secondment.Place(ctx, p.ID, pl.EducatorID, in); err != nil {
			return err
		}
	}
	for _, g := range groups {
		for _, pl := range list {
			if pl.GroupID == g.ID && pl.EducatorID != ids.participant {
				if _, err := s.Secondment.UpdateGroup(ctx, p.ID, g.ID, secondment.GroupInput{Name: g.Name, Level: g.Level, LeaderID: pl.EducatorID}); err != nil {
					return err
				}
				break
			}
		}
	}
	if _, err := s.Secondment.AddCost(ctx, p.ID, secondment.CostInput{BatchID: b.ID, Item: "training", Budget: 40000000, Actual: 20000000,
		Note: "浦东新区教育学会培训费（首期款）"}); err != nil {
		return err
	}
	for i, pl := range list {
		if i%2 == 0 {
			for _, c := range []secondment.CostInput{{Item: "travel", Budget: 320000, Actual: 298650}, {Item: "lodging", Budget: 900000}} {
				c.EducatorID = pl.EducatorID
				if _, err := s.Secondment.AddCost(ctx, p.ID, c); err != nil {
					return err
				}
			}
		}
		if i%3 != 2 {
			in := secondment.InsuranceInput{Insurer: "中国人寿保险", PolicyNo: fmt.Sprintf("PD2026-%04d", i+1), Start: b.Start, End: b.End}
			if _, err := s.Secondment.SetInsurance(ctx, p.ID, pl.EducatorID, in); err != nil {
				return err
			}
		}
	}
	return nil
}
