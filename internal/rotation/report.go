package rotation

import (
	"cmp"
	"context"
	"slices"

	"jiaoliu/internal/app"
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
	// Snapshot is set when the figures and People are those of a submitted
	// version (Submission), not counted now.
	Snapshot bool `json:"snapshot"`
	// Current holds the figures and list counted now, when they differ from
	// the submitted ones shown.
	Current *CurrentReturn `json:"current,omitempty"`
	// Versions lists every submission of the year, oldest first.
	Versions []*Submission `json:"versions"`
}

// CurrentReturn is a county's return as counted now.
type CurrentReturn struct {
	ReturnStats
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
	Form  ExchangeForm `json:"form"`
	Count int          `json:"count"`
}

// ReturnRow is one line of 附件2.
type ReturnRow struct {
	ExchangeID  int64          `json:"exchange_id"`
	CountyName  string         `json:"county_name"`
	Name        string         `json:"name"`
	Gender      string         `json:"gender"`
	Age         int            `json:"age"`
	IDMasked    string         `json:"id_number_masked"`
	Post        string         `json:"post"`
	Subjects    []string       `json:"subjects"`
	Backbone    string         `json:"backbone"`
	Origin      string         `json:"origin_school"`
	Host        string         `json:"host_school"`
	Direction   Direction      `json:"direction"`
	Form        ExchangeForm   `json:"form"`
	Relation    Relation       `json:"relation"`
	Start       app.Date       `json:"start"`
	PlannedEnd  app.Date       `json:"planned_end"`
	Status      ExchangeStatus `json:"status"`
	OnList      bool           `json:"on_list"`
	HigherGrade bool           `json:"higher_grade"`
}

var postGroups = []string{people.PostPrincipal, people.PostVicePrincipal, people.PostTeacher}

// newStats returns empty statistics with every post and form listed.
func newStats() ReturnStats {
	st := ReturnStats{ByPost: []PostDirections{}, Forms: []FormCount{}}
	for _, p := range postGroups {
		st.ByPost = append(st.ByPost, PostDirections{Post: p, Counts: make([]int, len(Directions))})
	}
	for _, f := range Forms {
		st.Forms = append(st.Forms, FormCount{Form: ExchangeForm(f.Code)})
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
	dir := slices.IndexFunc(Directions, func(t app.Term) bool { return t.Code == string(x.Direction(p)) })
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
// every county the actor sees whole. A county whose return is submitted
// shows its latest version (or Version, of the one county asked for) as
// submitted, unless Current asks for the figures counted now.
type ReturnFilter struct {
	Year     int
	CountyID int64
	Version  int
	Current  bool
}

// FindReturn returns the annual return: the counties' submitted versions as
// they were submitted, the others counted now.
func (s *Service) FindReturn(ctx context.Context, f ReturnFilter) (*Return, error) {
	if f.Version != 0 && f.CountyID == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "查看报送版本须指定区县", English: "A version is of one county's return",
			Fields: map[string]string{"version": "invalid"}}
	}
	rt, err := s.countReturn(ctx, f)
	if err != nil {
		return nil, err
	}
	if err := s.applySubmissions(ctx, rt, f); err != nil {
		return nil, err
	}
	return rt, nil
}

// countReturn counts the annual return from the records.
func (s *Service) countReturn(ctx context.Context, f ReturnFilter) (*Return, error) {
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
		cr := &CountyReturn{County: c.County, Policy: c.Policy, Submission: c.Submission, ReturnStats: newStats(), People: []*ReturnRow{},
			Versions: []*Submission{}}
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
