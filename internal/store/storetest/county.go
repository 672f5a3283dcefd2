package storetest

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/demo"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
)

// County is what LoadCounty made: one large county for the planning
// benchmarks.
type County struct {
	County    *org.County
	Schools   int
	Educators int
	Exchanges int
}

// LoadCounty fills db with one county of about n educators: copies of the
// demo city's schools, educators and career histories, all in one county,
// each copy shifted on the map so that the county spreads over some 40 by
// 50 km; and, as LoadCity does, an exchange of 2026 still running for one
// teacher in twenty. ID numbers are sealed with a dummy cipher.
func LoadCounty(ctx context.Context, db *store.DB, n int) (*County, error) {
	ctx = app.WithActor(ctx, app.SystemActor("bench"))
	city := &org.City{Name: "规划基准市"}
	if err := db.CreateCity(ctx, city); err != nil {
		return nil, err
	}
	c := &County{County: &org.County{CityID: city.ID, Code: "990001", Name: "规划基准县"}}
	if err := db.CreateCounty(ctx, c.County); err != nil {
		return nil, err
	}
	var compulsory []*org.School
	for copyN := 0; c.Educators < n; copyN++ {
		ds := demo.Generate(demo.DefaultSeed+int64(copyN), demo.DefaultAsOf)
		dLon, dLat := float64(copyN%4)*0.12, float64(copyN/4%4)*0.10
		schools := map[string]*org.School{}
		err := db.InTx(ctx, func(ctx context.Context) error {
			for _, sc := range ds.Schools {
				s := sc.School
				s.Code, s.CountyID, s.CityID = fmt.Sprintf("%02d%s", copyN, sc.Code), c.County.ID, city.ID
				if s.Longitude != nil && s.Latitude != nil {
					lon, lat := *s.Longitude+dLon, *s.Latitude+dLat
					s.Longitude, s.Latitude = &lon, &lat
				}
				if err := db.CreateSchool(ctx, &s); err != nil {
					return err
				}
				schools[sc.Code] = &s
				if s.Compulsory() {
					compulsory = append(compulsory, &s)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		c.Schools += len(ds.Schools)
		batch := make([]store.BulkEducator, 0, len(ds.Educators))
		for i := range ds.Educators {
			de := &ds.Educators[i]
			e := de.Educator
			e.SchoolID = schools[e.SchoolCode].ID
			career := make([]people.CareerEntry, len(de.Career))
			for j, k := range de.Career {
				k.SchoolID = schools[k.SchoolCode].ID
				career[j] = k
			}
			batch = append(batch, store.BulkEducator{Educator: &e, Career: career,
				ID: store.SealedID{Cipher: []byte("bench"), Lookup: fmt.Sprintf("county-%d-%d", copyN, i), Masked: de.IDNumber.Masked()}})
		}
		if err := db.BulkCreateEducators(ctx, batch); err != nil {
			return nil, err
		}
		c.Educators += len(batch)
		var xs []*rotation.Exchange
		now := db.Now()
		for i, b := range batch {
			e := b.Educator
			origin := schools[e.SchoolCode]
			if i%20 != 0 || !origin.Compulsory() || e.Post != people.PostTeacher || e.StaffStatus != people.StaffEstablished {
				continue
			}
			host := compulsory[i%len(compulsory)]
			if host.ID == origin.ID {
				host = compulsory[(i+1)%len(compulsory)]
			}
			xs = append(xs, &rotation.Exchange{EducatorID: e.ID, Post: e.Post, Backbone: e.Backbone, Subjects: e.Subjects, Form: rotation.FormSupport,
				Relation: rotation.RelationStays, OriginSchoolID: origin.ID, HostSchoolID: host.ID, Start: app.NewDate(2026, time.September, 1),
				PlannedEnd: app.NewDate(2029, time.August, 31), AnnouncedOn: app.NewDate(2026, time.August, 20), ActualStart: app.NewDate(2026, time.September, 1),
				Status: rotation.StatusActive, SchoolYear: 2026, CreatedBy: "bench", CreatedAt: now, UpdatedAt: now})
		}
		if err := db.BulkCreateExchanges(ctx, xs); err != nil {
			return nil, err
		}
		c.Exchanges += len(xs)
	}
	return c, db.Analyze(ctx)
}
