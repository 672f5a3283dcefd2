package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// insertTeachers writes n teachers of the school, numbered from from, as
// the roster import does: the educators in bulk with their sealed ID
// numbers, then a career entry each.
func insertTeachers(ctx context.Context, t *testing.T, db *store.DB, schoolID int64, from, n int) ([]*people.Educator, []people.SealedID, error) {
	c := storetest.MustCipher(t)
	es := make([]*people.Educator, n)
	ids := make([]people.SealedID, n)
	for i := range es {
		k := from + i
		birth := app.NewDate(1980, time.January, 1).AddDays(k)
		id := storetest.IDNumber(birth, k%2 == 0, k)
		sealed, err := c.SealID(id)
		if err != nil {
			return nil, nil, err
		}
		es[i] = &people.Educator{Name: "李" + strings.Repeat("明", 1+k%2), Gender: id.Gender(), BirthDate: birth, SchoolID: schoolID,
			Post: people.PostTeacher, StaffStatus: people.StaffEstablished, JoinedSchool: app.NewDate(2010, time.September, 1)}
		ids[i] = sealed
	}
	if err := db.CreateEducators(ctx, es, ids); err != nil {
		return nil, nil, err
	}
	entries := make([]*people.CareerEntry, n)
	for i, e := range es {
		entries[i] = &people.CareerEntry{EducatorID: e.ID, SchoolID: schoolID, Post: people.PostTeacher,
			Kind: people.CareerAppointment, Start: app.NewDate(2010, time.September, 1)}
	}
	return es, ids, db.CreateCareerEntries(ctx, entries)
}
