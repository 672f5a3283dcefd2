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

// createEducators writes the educators of a generated copy, with their
// career histories, at the schools made for it (by generated code). Their
// ID numbers are sealed with a dummy cipher, looked up as label-copyN-i.
// It returns what it wrote and the number of career rows.
func createEducators(ctx context.Context, db *store.DB, ds *demo.Dataset, schools map[string]*org.School, label string, copyN int) ([]store.BulkEducator, int, error) {
	batch := make([]store.BulkEducator, 0, len(ds.Educators))
	careers := 0
	for i := range ds.Educators {
		de := &ds.Educators[i]
		e := de.Educator
		e.SchoolID = schools[e.SchoolCode].ID
		career := make([]people.CareerEntry, len(de.Career))
		for j, k := range de.Career {
			k.SchoolID = schools[k.SchoolCode].ID
			career[j] = k
		}
		careers += len(career)
		batch = append(batch, store.BulkEducator{Educator: &e, Career: career,
			ID: store.SealedID{Cipher: []byte("bench"), Lookup: fmt.Sprintf("%s-%d-%d", label, copyN, i), Masked: de.IDNumber.Masked()}})
	}
	if err := db.BulkCreateEducators(ctx, batch); err != nil {
		return nil, 0, err
	}
	return batch, careers, nil
}

// createExchanges gives every twentieth established teacher of a
// compulsory school in batch an exchange of 2026, still running, to one of
// the hosts offered for their school. It returns how many it wrote.
func createExchanges(ctx context.Context, db *store.DB, batch []store.BulkEducator, schools map[string]*org.School,
	hostsFor func(origin *org.School) []*org.School) (int, error) {
	var xs []*rotation.Exchange
	now := db.Now()
	for i, b := range batch {
		e := b.Educator
		origin := schools[e.SchoolCode]
		if i%20 != 0 || !origin.Compulsory() || e.Post != people.PostTeacher || e.StaffStatus != people.StaffEstablished {
			continue
		}
		hosts := hostsFor(origin)
		host := hosts[i%len(hosts)]
		if host.ID == origin.ID {
			host = hosts[(i+1)%len(hosts)]
		}
		xs = append(xs, &rotation.Exchange{EducatorID: e.ID, Post: e.Post, Backbone: e.Backbone, Subjects: e.Subjects, Form: rotation.FormSupport,
			Relation: rotation.RelationStays, OriginSchoolID: origin.ID, HostSchoolID: host.ID, Start: app.NewDate(2026, time.September, 1),
			PlannedEnd: app.NewDate(2029, time.August, 31), AnnouncedOn: app.NewDate(2026, time.August, 20), ActualStart: app.NewDate(2026, time.September, 1),
			Status: rotation.StatusActive, SchoolYear: 2026, CreatedBy: "bench", CreatedAt: now, UpdatedAt: now})
	}
	if err := db.BulkCreateExchanges(ctx, xs); err != nil {
		return 0, err
	}
	return len(xs), nil
}
