package org

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// Service reads the organisation tree within the actor's scope.
type Service struct {
	store Store
	// kept keeps HomeFigures' answers while the data is unchanged.
	kept *app.Kept[*Figures]
}

// NewService returns the organisation service.
func NewService(store Store) *Service {
	return &Service{store: store, kept: &app.Kept[*Figures]{Name: figuresVersion, Max: maxKeptFigures}}
}

// FindCities lists the cities the actor may see.
func (s *Service) FindCities(ctx context.Context) ([]*City, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	cities, err := s.store.FindCities(ctx)
	if err != nil {
		return nil, err
	}
	counties, err := s.FindCounties(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, c := range counties {
		seen[c.CityID] = true
	}
	out := cities[:0]
	for _, c := range cities {
		if seen[c.ID] || auth.Decide(a, auth.OrgRead, app.Place{CityID: c.ID}, "") == nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// FindCounties lists the counties the actor may see, including the county
// of a school the actor is scoped to, so the tree leads down to it.
func (s *Service) FindCounties(ctx context.Context) ([]*County, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	return s.store.FindCounties(ctx, auth.ScopeOf(a, auth.OrgRead))
}

// FindCountyByID returns a county the actor may see as a whole.
func (s *Service) FindCountyByID(ctx context.Context, id int64) (*County, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	c, err := s.store.FindCountyByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.OrgRead, app.Place{CityID: c.CityID, CountyID: c.ID}, "区县"); err != nil {
		return nil, err
	}
	return c, nil
}

// FindSchools lists the schools matching f inside the actor's scope.
func (s *Service) FindSchools(ctx context.Context, f SchoolFilter) ([]*School, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, 0, err
	}
	f.Within = auth.ScopeOf(a, auth.OrgRead)
	return s.store.FindSchools(ctx, f)
}

// CountSchoolsByLevel counts the schools inside the actor's scope by
// level (school levels' codes), without reading them.
func (s *Service) CountSchoolsByLevel(ctx context.Context) (map[string]int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	return s.store.CountSchoolsByLevel(ctx, auth.ScopeOf(a, auth.OrgRead))
}

// FindSchoolByID returns a school inside the actor's scope.
func (s *Service) FindSchoolByID(ctx context.Context, id int64) (*School, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	sc, err := s.store.FindSchoolByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.OrgRead, sc.Place(), "学校"); err != nil {
		return nil, err
	}
	return sc, nil
}
