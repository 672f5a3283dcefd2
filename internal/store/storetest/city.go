package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"jiaoliu/internal/app"
	"jiaoliu/internal/demo"
	"jiaoliu/internal/org"
	"jiaoliu/internal/store"
)

// City is what LoadCity made: a large city for benchmarks.
type City struct {
	City      *org.City
	Counties  []*org.County
	Schools   int
	Educators int
	Careers   int
	Exchanges int
}

// LoadCity fills db with a city of about n educators: copies of the demo
// city (two counties each, with their schools, educators and career
// histories) under one city, and, for one teacher in twenty who must
// rotate, an exchange of the 2026 school year. ID numbers are sealed with
// a dummy cipher: the benchmark never reveals them.
func LoadCity(ctx context.Context, db *store.DB, n int) (*City, error) {
	ctx = app.WithActor(ctx, app.SystemActor("bench"))
	c := &City{City: &org.City{Name: "基准测试市"}}
	if err := db.CreateCity(ctx, c.City); err != nil {
		return nil, err
	}
	for copyN := 0; c.Educators < n; copyN++ {
		ds := demo.Generate(demo.DefaultSeed+int64(copyN), demo.DefaultAsOf)
		counties := map[string]*org.County{}
		for _, k := range ds.Counties {
			county := &org.County{CityID: c.City.ID, Code: fmt.Sprintf("%02d%s", copyN, k.Code), Name: fmt.Sprintf("%s%d", k.Name, copyN+1)}
			if err := db.CreateCounty(ctx, county); err != nil {
				return nil, err
			}
			counties[k.Code] = county
			c.Counties = append(c.Counties, county)
		}
		schools := map[string]*org.School{}
		err := db.InTx(ctx, func(ctx context.Context) error {
			for _, sc := range ds.Schools {
				s := sc.School
				s.Code, s.CountyID = fmt.Sprintf("%02d%s", copyN, sc.Code), counties[sc.CountyCode].ID
				if err := db.CreateSchool(ctx, &s); err != nil {
					return err
				}
				schools[sc.Code] = &s
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		c.Schools += len(ds.Schools)
		batch, careers, err := createEducators(ctx, db, ds, schools, "bench", copyN)
		if err != nil {
			return nil, err
		}
		c.Careers += careers
		c.Educators += len(batch)
		// Exchanges: every twentieth established teacher of a compulsory
		// school with six years at it, to another school of the county.
		bySchool := map[int64][]*org.School{}
		for _, s := range schools {
			if s.Compulsory() {
				bySchool[s.CountyID] = append(bySchool[s.CountyID], s)
			}
		}
		n, err := createExchanges(ctx, db, batch, schools, func(origin *org.School) []*org.School { return bySchool[origin.CountyID] })
		if err != nil {
			return nil, err
		}
		c.Exchanges += n
	}
	return c, db.Analyze(ctx)
}

// PostgresDatabase returns the URL of a new, empty database on the
// throwaway cluster the tests use (started on first use), or on the server
// JIAOLIU_TEST_PG_URL names, for programs outside `go test` such as the
// benchmarks. StopPostgres shuts the cluster down.
func PostgresDatabase(name string) (string, error) {
	pg.once.Do(pg.start)
	if pg.err != nil {
		return "", pg.err
	}
	admin, err := sql.Open("pgx", pg.baseURL+"/postgres?sslmode=disable")
	if err != nil {
		return "", err
	}
	defer admin.Close()
	name = fmt.Sprintf("%s_%d", name, os.Getpid())
	if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
		return "", err
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		return "", err
	}
	return pg.baseURL + "/" + name + "?sslmode=disable", nil
}

// StopPostgres stops the throwaway cluster, if one was started.
func StopPostgres() { pg.stop() }
