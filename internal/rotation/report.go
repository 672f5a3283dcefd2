package rotation

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Return is the annual return of a school year (due 30 September): for each
// county its arrangements and figures (附件1) and the list of people rotated
// (附件2), and the city's roll-up. Every figure is counted from records.
type Return struct {
	SchoolYear int             `json:"school_year"`
	On         app.Date        `json:"reference_date"`
	Due        app.Date        `json:"due"`
	Counties   []*CountyReturn `json:"counties"`
	Total      ReturnStats     `json:"total"`
}

// CountyReturn is one county's part of the return.
type CountyReturn struct {
	County     *org.County `json:"county"`
	Policy     *Policy     `json:"policy"`
	Submission *Submission `json:"submission"`
	ReturnStats
	// People is 附件2: everyone with an exchange of the year that counts,
	// by school and name.
	People []*ReturnRow `json:"people"`
}

// ReturnStats are the statistics of SPEC §3.4.
type ReturnStats struct {
	Figures
	Staff StaffCount `json:"staff"`
	// ByPost counts rotations (not 国培置换) by post and direction.
	ByPost []PostDirections `json:"by_post"`
	// Forms counts every counted exchange by form.
	Forms []FormCount `json:"forms"`
	// The counts the seed's reports name.
	TownshipSupport  int `json:"township_support"`  // 乡镇内支教 (选派支教教师)
	TwoWay           int `json:"two_way"`           // 双向流动 (顶岗置换/双向交流)
	Reassigned       int `json:"reassigned"`        // 调整岗位 (末位调岗)
	NationalTraining int `json:"national_training"` // 国培置换
	Accepted         int `json:"accepted"`          // 接纳支教教师: rotations from other counties into this one
}

// PostDirections counts one post's rotations by direction (the order of Directions).
type PostDirections struct {
	Post   string `json:"post"`
	Counts []int  `json:"counts"`
	Total  int    `json:"total"`
}

// FormCount is the number of exchanges of one form.
type FormCount struct {
	Form  string `json:"form"`
	Count int    `json:"count"`
}

// ReturnRow is one line of 附件2.
type ReturnRow struct {
	ExchangeID  int64    `json:"exchange_id"`
	CountyName  string   `json:"county_name"`
	Name        string   `json:"name"`
	Gender      string   `json:"gender"`
	Age         int      `json:"age"`
	IDMasked    string   `json:"id_number_masked"`
	Post        string   `json:"post"`
	Subjects    []string `json:"subjects"`
	Backbone    string   `json:"backbone"`
	Origin      string   `json:"origin_school"`
	Host        string   `json:"host_school"`
	Direction   string   `json:"direction"`
	Form        string   `json:"form"`
	Relation    string   `json:"relation"`
	Start       app.Date `json:"start"`
	PlannedEnd  app.Date `json:"planned_end"`
	Status      string   `json:"status"`
	OnList      bool     `json:"on_list"`
	HigherGrade bool     `json:"higher_grade"`
}

var postGroups = []string{people.PostPrincipal, people.PostVicePrincipal, people.PostTeacher}

// newStats returns empty statistics with every post and form listed.
func newStats() ReturnStats {
	st := ReturnStats{ByPost: []PostDirections{}, Forms: []FormCount{}}
	for _, p := range postGroups {
		st.ByPost = append(st.ByPost, PostDirections{Post: p, Counts: make([]int, len(Directions))})
	}
	for _, f := range Forms {
		st.Forms = append(st.Forms, FormCount{Form: f.Code})
	}
	return st
}

// count adds one counted exchange to the statistics.
func (st *ReturnStats) count(x *Exchange, p *Policy) {
	for i := range st.Forms {
		if st.Forms[i].Form == x.Form {
			st.Forms[i].Count++
		}
	}
	switch x.Form {
	case FormTownshipSupport:
		st.TownshipSupport++
	case FormSwap:
		st.TwoWay++
	case FormReassignment:
		st.Reassigned++
	case FormNationalTraining:
		st.NationalTraining++
		return
	}
	post := PostGroup(x.Post)
	if x.Post == people.PostVicePrincipal && x.Relation == RelationStays {
		post = people.PostTeacher // rotating as a teacher
	}
	dir := slices.IndexFunc(Directions, func(t app.Term) bool { return t.Code == x.Direction(p) })
	for i := range st.ByPost {
		if st.ByPost[i].Post == post {
			st.ByPost[i].Counts[dir]++
			st.ByPost[i].Total++
		}
	}
}

// addStats sums o into st.
func (st *ReturnStats) addStats(o ReturnStats) {
	st.Figures.add(o.Figures)
	st.Staff.Schools += o.Staff.Schools
	st.Staff.Principals += o.Staff.Principals
	st.Staff.VicePrincipals += o.Staff.VicePrincipals
	st.Staff.Teachers += o.Staff.Teachers
	for i := range st.ByPost {
		for j := range st.ByPost[i].Counts {
			st.ByPost[i].Counts[j] += o.ByPost[i].Counts[j]
		}
		st.ByPost[i].Total += o.ByPost[i].Total
	}
	for i := range st.Forms {
		st.Forms[i].Count += o.Forms[i].Count
	}
	st.TownshipSupport += o.TownshipSupport
	st.TwoWay += o.TwoWay
	st.Reassigned += o.Reassigned
	st.NationalTraining += o.NationalTraining
	st.Accepted += o.Accepted
}

// ReturnFilter asks for the return of a school year, of one county or of
// every county the actor sees whole.
type ReturnFilter struct {
	Year     int
	CountyID int64
}

// FindReturn computes the annual return.
func (s *Service) FindReturn(ctx context.Context, f ReturnFilter) (*Return, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	if f.Year == 0 {
		f.Year = SchoolYearOf(s.Today())
	}
	d, err := s.FindDashboard(ctx, DashboardFilter{Year: f.Year, CountyID: f.CountyID})
	if err != nil {
		return nil, err
	}
	rt := &Return{SchoolYear: f.Year, On: d.On, Due: d.Due, Counties: []*CountyReturn{}, Total: newStats()}
	var ids []int64
	byCounty := map[int64]*CountyReturn{}
	for _, c := range d.Counties {
		cr := &CountyReturn{County: c.County, Policy: c.Policy, Submission: c.Submission, ReturnStats: newStats(), People: []*ReturnRow{}}
		cr.Figures = c.Figures
		rt.Counties = append(rt.Counties, cr)
		byCounty[c.County.ID] = cr
		ids = append(ids, c.County.ID)
	}
	if len(ids) == 0 {
		return rt, nil
	}
	staff, err := s.store.CountStaff(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, st := range staff {
		if cr := byCounty[st.CountyID]; cr != nil {
			cr.Staff = st
		}
	}
	// The dashboard's list of who must rotate marks those on it.
	must := d.must
	xs, _, err := s.store.FindExchanges(ctx, ExchangeFilter{CountyIDs: ids, SchoolYear: f.Year, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		if !Counted(x.Status) {
			continue
		}
		if cr := byCounty[x.HostCountyID]; cr != nil && x.HostCountyID != x.CountyID && QuotaForm(x.Form) {
			cr.Accepted++
		}
		cr := byCounty[x.CountyID]
		if cr == nil {
			continue
		}
		cr.count(x, cr.Policy)
		cr.People = append(cr.People, &ReturnRow{ExchangeID: x.ID, CountyName: x.CountyName, Name: x.EducatorName, Gender: x.Gender,
			Age: app.Age(x.BirthDate, d.On), IDMasked: x.IDMasked, Post: x.Post, Subjects: x.Subjects, Backbone: x.Backbone,
			Origin: x.OriginName, Host: x.HostName, Direction: x.Direction(cr.Policy), Form: x.Form, Relation: x.Relation,
			Start: x.Begin(), PlannedEnd: x.PlannedEnd, Status: x.Status, OnList: must[x.EducatorID], HigherGrade: x.HigherGrade})
	}
	for _, cr := range rt.Counties {
		slices.SortFunc(cr.People, func(a, b *ReturnRow) int {
			return cmp.Or(cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ExchangeID, b.ExchangeID))
		})
		rt.Total.addStats(cr.ReturnStats)
	}
	rt.Total.Figures = d.Total
	return rt, nil
}

// SubmitReturn records that a county's HR submitted the return of a school
// year to the city, with its headline figures. A year is submitted once,
// from its 1 September on; afterwards its policy is locked.
func (s *Service) SubmitReturn(ctx context.Context, countyID int64, year int) (*Submission, error) {
	c, err := s.readCounty(ctx, countyID)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationManage, app.Place{CityID: c.CityID, CountyID: c.ID}); err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	if s.Today().Before(YearStart(year)) {
		return nil, &app.Error{Code: app.Invalid, Message: YearLabel(year) + "尚未开始，不能报送", English: "That school year has not begun",
			Fields: map[string]string{"year": "future"}}
	}
	rt, err := s.FindReturn(ctx, ReturnFilter{Year: year, CountyID: countyID})
	if err != nil {
		return nil, err
	}
	if len(rt.Counties) != 1 {
		return nil, app.ErrNotFound("区县")
	}
	cr := rt.Counties[0]
	if cr.Submission != nil {
		return nil, app.Errorf(app.Conflict, c.Name+YearLabel(year)+"的年度报送已于"+app.DateOf(cr.Submission.SubmittedAt).Chinese()+"提交",
			"The return has already been submitted")
	}
	sub := &Submission{CountyID: c.ID, SchoolYear: year, SubmittedBy: app.ActorOf(ctx).Label(), SubmittedAt: s.clock.Now(),
		MustRotate: cr.MustRotate, Rotated: cr.Rotated, Backbone: cr.Backbone}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateReturnSubmission(ctx, sub); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.return.submit", Entity: "rotation_return", EntityID: fmt.Sprintf("%d/%d", c.ID, year),
			Summary: fmt.Sprintf("%s报送%s交流轮岗年度情况：应交流%d人，已交流%d人（%.1f%%），其中骨干教师%d人", c.Name, YearLabel(year),
				cr.MustRotate, cr.Rotated, cr.Share, cr.Backbone),
			After: cr.ReturnStats})
	})
	if err != nil {
		return nil, err
	}
	return sub, nil
}
