package storetest

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/demo"
	"jiaoliu/internal/org"
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
		batch, _, err := createEducators(ctx, db, ds, schools, "county", copyN)
		if err != nil {
			return nil, err
		}
		c.Educators += len(batch)
		n, err := createExchanges(ctx, db, batch, schools, func(*org.School) []*org.School { return compulsory })
		if err != nil {
			return nil, err
		}
		c.Exchanges += n
	}
	return c, db.Analyze(ctx)
}
