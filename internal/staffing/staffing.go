// Package staffing is the county's staffing establishment (编制) and its
// professional posts (专业技术岗位), as seed 004 asks of a county bureau:
// "在核定的编制总额内，按照班额、生源等情况统筹分配各校教职工编制，并报县编制
// 部门和财政部门备案", "按照各学校教职工编制变化及时设置岗位 … 确保教师有岗可聘",
// and the promotion rules that read the career history.
//
// Establishment. A county sets, per year, the total establishment its 编制
// office grants and the unified urban–rural standard (pupils per staff:
// 高中 12.5, 初中 13.5, 小学 19 by default), with additions for boarders,
// village teaching points and special education (Settings). Each school's
// standard follows from its level, pupils and boarders (Standard); the
// allocation shares the total among the schools by the largest remainder
// method (Apportion) and never exceeds it. County HR adjusts a school's
// figure with a reason; every computation or adjustment is a new version,
// and a version once filed (备案) is a snapshot that nothing changes, with
// its workbook for the 编制 and finance offices.
//
// Per school: the establishment of the latest filed allocation, the staff
// in post (在编在岗) and the vacancies (negative: excess), with those in
// post by subject (Vacancies, County).
//
// Posts. Posts per school, or per rotation area (办学联合体) where the
// county sets them so, by grade (正高级, 高级, 一级, 二级, 三级); the
// appointments against them; the vacancies. The promotion list of a year
// says for every established teacher whether they qualify for the next
// grade and why (promotion.go).
//
// Rules this package keeps, each with a test:
//   - No allocation exceeds the county total; the computed one distributes
//     min(total, the rounded sum of the standards) seats by largest remainder.
//   - A figure that differs from the computed one carries a reason.
//   - A filed version never changes; only the newest version may be filed.
//   - A post grade takes no more appointments than posts, except one used
//     ahead of a vacancy by a long-serving teacher of a hardship school.
package staffing

import (
	"context"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
)

// Store is what package staffing needs from the database.
type Store interface {
	audit.Store
	EstablishmentStore
	AllocationStore
	PostStore
}

// Service is the staffing establishment and the posts of the counties.
type Service struct {
	store Store
	audit *audit.Log
	clock app.Clock
}

// New returns the staffing service.
func New(store Store, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, audit: log, clock: clock}
}

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

func (s *Service) now() time.Time { return s.clock.Now() }

// countyPlace is a county's position in the tree.
func countyPlace(c *org.County) app.Place { return app.Place{CityID: c.CityID, CountyID: c.ID} }

// county returns a county on which the actor may do perm.
func (s *Service) county(ctx context.Context, id int64, perm auth.Permission) (*org.County, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, perm); err != nil {
		return nil, err
	}
	c, err := s.store.FindCountyByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, perm, countyPlace(c), "区县"); err != nil {
		return nil, err
	}
	return c, nil
}

// CanManage reports whether the actor may change the county's staffing.
func (s *Service) CanManage(ctx context.Context, c *org.County) bool {
	return auth.Decide(app.ActorOf(ctx), auth.StaffingManage, countyPlace(c), "") == nil
}

// Counties returns those of counties whose staffing the actor reads as a
// whole (not only one school's).
func (s *Service) Counties(ctx context.Context, counties []*org.County) []*org.County {
	var out []*org.County
	for _, c := range counties {
		if auth.Decide(app.ActorOf(ctx), auth.StaffingRead, countyPlace(c), "") == nil {
			out = append(out, c)
		}
	}
	return out
}
