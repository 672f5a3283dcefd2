package roster

import (
	"context"
	"fmt"
	"io"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// ExportEducators writes the educators matching f inside the actor's scope,
// with their schools and career histories, in the standard layout. ID
// numbers are written in full only when the actor may reveal every one of
// them; such an export is audited. It returns how many educators it wrote.
func (s *Service) ExportEducators(ctx context.Context, f people.EducatorFilter, w io.Writer) (int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.EducatorRead); err != nil {
		return 0, err
	}
	f.Within = auth.ScopeOf(a, auth.EducatorRead)
	f.Offset, f.Limit = 0, 0
	if f.AgeOn.IsZero() {
		f.AgeOn = app.DateOf(s.clock.Now())
	}
	es, _, err := s.store.FindEducators(ctx, f)
	if err != nil {
		return 0, err
	}
	full := len(es) > 0
	ids := make([]int64, len(es))
	codes := map[string]bool{}
	for i, e := range es {
		ids[i] = e.ID
		codes[e.SchoolCode] = true
		if auth.Decide(a, auth.IDReveal, e.Place(), "") != nil {
			full = false
		}
	}
	var ciphers map[int64][]byte
	if full {
		if ciphers, err = s.store.EducatorCiphers(ctx, ids); err != nil {
			return 0, err
		}
	}
	careers, err := s.store.FindCareers(ctx, ids)
	if err != nil {
		return 0, err
	}
	wb := &Workbook{}
	idOf := map[int64]people.IDNumber{}
	for _, e := range es {
		id := people.IDNumber(e.IDMasked)
		if full {
			if id, err = s.cipher.Open(ciphers[e.ID]); err != nil {
				return 0, app.Wrap("roster.ExportEducators", err)
			}
		}
		idOf[e.ID] = id
		wb.Educators = append(wb.Educators, EducatorRow{IDNumber: id, Name: e.Name, Gender: e.Gender, BirthDate: e.BirthDate,
			SchoolCode: e.SchoolCode, Post: e.Post, Subjects: e.Subjects, StaffStatus: e.StaffStatus, Backbone: e.Backbone,
			Title: e.Title, JoinedSchool: e.JoinedSchool, PostSince: e.PostSince, Homeroom: e.Homeroom})
		for _, k := range careers[e.ID] {
			codes[k.SchoolCode] = true
			wb.Careers = append(wb.Careers, CareerRow{IDNumber: id, SchoolCode: k.SchoolCode, Post: k.Post, Start: k.Start, End: k.End, Kind: k.Kind})
		}
	}
	schools, err := s.store.FindSchoolsByCodes(ctx, sortedKeys(codes))
	if err != nil {
		return 0, err
	}
	for _, code := range sortedKeys(codes) {
		if sc := schools[code]; sc != nil {
			wb.Schools = append(wb.Schools, schoolRow(sc))
		}
	}
	if err := Write(w, wb, WriteOptions{FullIDNumbers: full}); err != nil {
		return 0, err
	}
	what := "（身份证号已遮盖）"
	if full {
		what = "（含完整身份证号）"
	}
	err = s.audit.Record(ctx, audit.Change{Action: "roster.export", Entity: "roster", Summary: fmt.Sprintf("导出教职工花名册 %d 人%s", len(es), what),
		After: map[string]any{"count": len(es), "full_id_numbers": full, "filter": exportFilter(f)}})
	return len(es), err
}

// ExportSchools writes the schools matching f inside the actor's scope.
func (s *Service) ExportSchools(ctx context.Context, f org.SchoolFilter, w io.Writer) (int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return 0, err
	}
	f.Within = auth.ScopeOf(a, auth.OrgRead)
	f.Offset, f.Limit = 0, 0
	schools, _, err := s.store.FindSchools(ctx, f)
	if err != nil {
		return 0, err
	}
	wb := &Workbook{}
	for _, sc := range schools {
		wb.Schools = append(wb.Schools, schoolRow(sc))
	}
	if err := Write(w, wb, WriteOptions{}); err != nil {
		return 0, err
	}
	return len(schools), s.audit.Record(ctx, audit.Change{Action: "roster.export", Entity: "roster",
		Summary: fmt.Sprintf("导出学校名单 %d 所", len(schools))})
}

func schoolRow(sc *org.School) SchoolRow {
	return SchoolRow{Code: sc.Code, Name: sc.Name, County: sc.CountyName, Level: sc.Level, Location: sc.Location, Weak: sc.Weak,
		Demonstration: sc.Demonstration, Consortium: sc.Consortium, Longitude: sc.Longitude, Latitude: sc.Latitude,
		Classes: sc.Classes, Pupils: sc.Pupils, Boarders: sc.Boarders}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// exportFilter describes a filter for the audit row, without personal data.
func exportFilter(f people.EducatorFilter) map[string]any {
	return map[string]any{"q": f.Q != "", "school_id": f.SchoolID, "school_code": f.SchoolCode, "county_id": f.CountyID, "post": f.Post,
		"subject": f.Subject, "backbone": f.Backbone, "gender": f.Gender, "min_age": f.MinAge, "max_age": f.MaxAge}
}
