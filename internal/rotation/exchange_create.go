package rotation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// CreateExchange records a planned exchange. The origin county's HR makes
// it; the rules of the policy in force for the start's school year apply.
func (s *Service) CreateExchange(ctx context.Context, in ExchangeInput) (*Exchange, error) {
	return s.createExchange(ctx, in, 0)
}

// createExchange checks and writes a new exchange (of a round when roundID
// is set).
//
// Long because the checks of a new exchange run in the order of its form
// against one educator, origin, host and policy read once, and end in the
// one transaction that writes it; split, every piece would take all of them.
func (s *Service) createExchange(ctx context.Context, in ExchangeInput, roundID int64) (*Exchange, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	e, err := s.store.FindEducatorByID(ctx, in.EducatorID)
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, app.NotFoundField("educator_id", "教职工")
		}
		return nil, err
	}
	if auth.Decide(a, auth.RotationRead, app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID}, "") != nil {
		return nil, app.NotFoundField("educator_id", "教职工")
	}
	origin, err := s.store.FindSchoolByID(ctx, e.SchoolID)
	if err != nil {
		return nil, err
	}
	if roundID == 0 {
		if err := decideChange(ctx, auth.RotationManage, origin.Place()); err != nil {
			return nil, err
		}
	}
	var f app.Fields
	if !Forms.Has(string(in.Form)) {
		f.Add("form", "请选择交流形式", "Choose the form of the exchange")
	} else if in.Form == FormTownshipSupport && roundID == 0 {
		f.Add("form", "乡镇内支教须经教师申请、量化打分、校内公示、择优选派，请在「乡镇内支教选派」中办理",
			"Township support teaching goes through application, scoring, public notice and selection: use a selection round")
	}
	var host *org.School
	if in.HostSchoolID == 0 {
		f.Add("host_school_id", "请选择交流学校", "Choose the host school")
	} else if host, err = s.store.FindSchoolByID(ctx, in.HostSchoolID); err != nil && app.ErrorCode(err) != app.NotFound {
		return nil, err
	} else if err != nil || (roundID == 0 && !hostVisible(ctx, host, e.CityID)) {
		host = nil
		f.Add("host_school_id", "未找到交流学校", "Host school not found")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.Start.IsZero() || !in.Start.Valid() {
		f.Add("start", "请填写开始日期", "Give the start date")
	}
	if in.PlannedEnd.IsZero() || !in.PlannedEnd.Valid() {
		f.Add("planned_end", "请填写计划结束日期", "Give the planned end")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	ps, err := s.policies(ctx, []int64{origin.CountyID}, SchoolYearOf(in.Start))
	if err != nil {
		return nil, err
	}
	p := ps[origin.CountyID]
	rule := RuleFor(e.Post)
	x := &Exchange{EducatorID: e.ID, EducatorName: e.Name, IDMasked: e.IDMasked, Gender: e.Gender, BirthDate: e.BirthDate,
		Post: e.Post, Backbone: e.Backbone, Subjects: e.Subjects,
		Form: in.Form, Relation: in.Relation, OriginSchoolID: origin.ID, HostSchoolID: host.ID,
		OriginCode: origin.Code, OriginName: origin.Name, OriginLocation: origin.Location, OriginWeak: origin.Weak,
		HostCode: host.Code, HostName: host.Name, HostLocation: host.Location, HostWeak: host.Weak,
		CountyID: origin.CountyID, CountyName: origin.CountyName, CityID: origin.CityID,
		HostCountyID: host.CountyID, HostCountyName: host.CountyName, HostCityID: host.CityID,
		Start: in.Start, PlannedEnd: in.PlannedEnd, Status: StatusPlanned, SchoolYear: SchoolYearOf(in.Start),
		HigherGrade: in.HigherGrade, Allowance: strings.TrimSpace(in.Allowance), Note: strings.TrimSpace(in.Note), RoundID: roundID,
		CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
	x.UpdatedAt = x.CreatedAt
	switch {
	case rule == "":
		f.Add("educator_id", "岗位为"+people.Posts.Label(e.Post, "zh")+"的教职工不在交流轮岗范围", "This post does not rotate")
	case !slices.Contains(p.StaffStatuses, e.StaffStatus):
		f.Add("educator_id", "只有"+staffLabels(p.StaffStatuses)+"的教职工参加交流（此人为"+people.StaffStatuses.Label(string(e.StaffStatus), "zh")+"）",
			"Only established staff take part in exchanges")
	}
	switch {
	case e.Post == people.PostPrincipal:
		if x.Relation == "" {
			x.Relation = RelationMoves
		}
		if x.Relation != RelationMoves {
			f.Add("relation", "校长轮岗后人事关系转入新学校", "A rotated principal's personnel relation moves to the new school")
		}
	case e.Post == people.PostVicePrincipal:
		if x.Relation == "" {
			x.Relation = RelationStays
		}
		if !Relations.Has(string(x.Relation)) {
			f.Add("relation", "请选择副校长按管理人员轮岗（人事关系转入）或按教师交流（人事关系保留）", "Choose how the vice principal rotates")
		}
	default:
		if x.Relation == "" {
			x.Relation = RelationStays
		}
		if x.Relation != RelationStays {
			f.Add("relation", "教师交流期间人事关系保留在原学校", "An exchanged teacher's personnel relation stays with the origin school")
		}
	}
	if host.ID == origin.ID {
		f.Add("host_school_id", "交流学校不能是原学校", "The host must differ from the origin school")
	}
	if host.CountyID != origin.CountyID && !CrossCounty(in.Form) {
		f.Add("host_school_id", host.Name+"属于"+host.CountyName+"：交流轮岗在本区县内进行；跨区县只限对口帮扶和国培置换",
			host.Name+" is in another county: exchanges stay within the county, except counterpart assistance and national training")
	}
	if !origin.Compulsory() {
		f.Add("educator_id", origin.Name+"不是义务教育学校", origin.Name+" is not a compulsory-education school")
	}
	if !host.Compulsory() {
		f.Add("host_school_id", host.Name+"不是义务教育学校", host.Name+" is not a compulsory-education school")
	}
	switch in.Form {
	case FormConsortium:
		if origin.ConsortiumID == 0 || origin.ConsortiumID != host.ConsortiumID {
			f.Add("host_school_id", "办学联合体内交流：两所学校须属于同一办学联合体", "Both schools must belong to the same consortium")
		}
	case FormItinerant:
		if !host.VillagePoint && host.Location != "rural" && !host.Weak {
			f.Add("host_school_id", "走教的学校应为农村教学点、农村学校或薄弱学校", "Itinerant teaching goes to village points, rural or weak schools")
		}
	case FormReassignment:
		if rule != RuleTeacher {
			f.Add("form", "末位调岗只适用于教师", "Reassignment applies to teachers only")
		}
	}
	if x.HigherGrade && (!p.Urban(origin.Location) || p.Urban(host.Location)) {
		f.Add("higher_grade", "高聘一级只适用于从城区学校交流到农村学校的教师", "Engagement one grade higher applies to urban teachers rotated to rural schools")
	}
	if !x.PlannedEnd.After(x.Start) {
		f.Add("planned_end", "计划结束日期应晚于开始日期", "The planned end must be after the start")
	} else if y := x.minYears(p); y > 0 && x.PlannedEnd.Before(TermEnd(x.Start, y)) {
		term := fmt.Sprintf("%d学年", y)
		if x.Relation == RelationMoves {
			term = fmt.Sprintf("一届（%d年）", y)
		}
		f.Add("planned_end", fmt.Sprintf("交流期限不少于%s：计划结束日期不能早于%s", term, TermEnd(x.Start, y).Chinese()),
			fmt.Sprintf("The term is at least %d school years: the planned end cannot be before %s", y, TermEnd(x.Start, y)))
	}
	if utf8.RuneCountInString(x.Allowance) > 200 {
		f.Add("allowance", "津贴说明最多200字", "The allowance note has at most 200 characters")
	}
	if utf8.RuneCountInString(x.Note) > 500 {
		f.Add("note", "备注最多500字", "The note has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateExchange(ctx, x); err != nil {
			return err
		}
		if movesHead(x) {
			// Checked once the transaction has made all it makes: a plan's
			// cycle of principals is one set.
			if err := s.store.Defer(ctx, func(ctx context.Context) error { return s.checkHeads(ctx, host.ID, host.Name, x.Start) }); err != nil {
				return err
			}
		}
		if err := s.store.CreateExchangeEvent(ctx, &Event{ExchangeID: x.ID, Action: "create", ToStatus: StatusPlanned,
			On: app.DateOf(x.CreatedAt), Note: x.Note, Actor: x.CreatedBy, At: x.CreatedAt}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exchange.create", Entity: "rotation_exchange", EntityID: x.ID,
			Summary: fmt.Sprintf("新建交流：%s（%s → %s），%s，%s至%s", e.Name, origin.Name, host.Name,
				Forms.Label(string(x.Form), "zh"), x.Start.Chinese(), x.PlannedEnd.Chinese()),
			After: x})
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// CrossCounty reports whether exchanges of the form may leave the county.
func CrossCounty(form ExchangeForm) bool {
	return form == FormCounterpart || form == FormNationalTraining
}

// hostVisible reports whether the actor may name a school as host: one they
// see, or any school of the city (the form decides, below, whether the
// exchange may leave the county).
func hostVisible(ctx context.Context, host *org.School, cityID int64) bool {
	return auth.Decide(app.ActorOf(ctx), auth.OrgRead, host.Place(), "") == nil || host.CityID == cityID
}

// FindHostSchools lists the schools an exchange of a form from a county
// may go to, for whoever makes the county's exchanges: the county's
// compulsory schools and, only for the forms that may leave the county
// (对口帮扶, 国培置换), those of the rest of the city after them.
func (s *Service) FindHostSchools(ctx context.Context, countyID int64, form ExchangeForm) ([]*org.School, error) {
	c, err := s.ReadCounty(ctx, countyID)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationManage, app.Place{CityID: c.CityID, CountyID: c.ID}); err != nil {
		return nil, err
	}
	within := app.Scope{CountyIDs: []int64{c.ID}}
	if CrossCounty(form) {
		within = app.Scope{CityIDs: []int64{c.CityID}}
	}
	all, _, err := s.store.FindSchools(ctx, org.SchoolFilter{Within: within})
	if err != nil {
		return nil, err
	}
	out := []*org.School{}
	for _, sc := range all {
		if sc.Compulsory() {
			out = append(out, sc)
		}
	}
	slices.SortStableFunc(out, func(a, b *org.School) int {
		return boolOrder(a.CountyID != countyID) - boolOrder(b.CountyID != countyID)
	})
	return out, nil
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

func staffLabels(codes []people.StaffStatus) string {
	var out []string
	for _, c := range codes {
		out = append(out, people.StaffStatuses.Label(string(c), "zh"))
	}
	return strings.Join(out, "、")
}
