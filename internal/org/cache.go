package org

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// figuresVersion names the store's counter of changes to what the home
// page's organisation figures are counted from (store.DataVersion): its
// triggers cover cities, counties, schools and educators (migration
// 00029), so an unchanged counter means unchanged figures.
const figuresVersion = "rotation"

// maxKeptFigures bounds the figures kept: one set per scope asked.
const maxKeptFigures = 1024

// Figures are the home page's organisation figures of one scope: the
// counties with their counts of schools and educators, and the schools
// by level.
type Figures struct {
	Counties []*County
	ByLevel  map[string]int
}

// HomeFigures returns the counties and the schools by level the actor may
// see, as FindCounties and CountSchoolsByLevel give them, kept while the
// data is unchanged: the home page asks for them on every visit. The
// answer is shared by every caller of the same scope and must not be
// changed.
func (s *Service) HomeFigures(ctx context.Context) (*Figures, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	within := auth.ScopeOf(a, auth.OrgRead)
	return s.kept.Get(ctx, s.store, fmt.Sprintf("%+v", within), func() (*Figures, error) { return s.countFigures(ctx, within) })
}

// countFigures counts the figures of the scope afresh.
func (s *Service) countFigures(ctx context.Context, within app.Scope) (*Figures, error) {
	counties, err := s.store.FindCounties(ctx, within)
	if err != nil {
		return nil, err
	}
	byLevel, err := s.store.CountSchoolsByLevel(ctx, within)
	if err != nil {
		return nil, err
	}
	return &Figures{Counties: counties, ByLevel: byLevel}, nil
}
