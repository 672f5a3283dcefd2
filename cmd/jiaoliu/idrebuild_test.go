package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/demo"
	"jiaoliu/internal/people"
)

// maskPattern finds anything shaped like a masked ID number.
var maskPattern = regexp.MustCompile(`[0-9*]{17}[0-9Xx*]`)

// oldMaskPattern finds a mask that keeps a character after the birth date.
var oldMaskPattern = regexp.MustCompile(`[0-9]{6}\*{2,}[0-9Xx]`)

// idCandidates counts the valid ID numbers agreeing with a masked number and
// a birth date and gender: every hidden character is tried.
func idCandidates(masked string, birth app.Date, gender string) int {
	date := fmt.Sprintf("%04d%02d%02d", birth.Year, int(birth.Month), birth.Day)
	n := 0
	for seq := 0; seq < 1000; seq++ {
		first17 := date + fmt.Sprintf("%03d", seq)
		first17 = masked[:6] + first17
		id := people.IDNumber(first17 + string(people.IDCheckChar(first17)))
		if id.Gender() != gender {
			continue
		}
		agrees := true
		for i := range 18 {
			if masked[i] != '*' && masked[i] != strings.ToUpper(string(id))[i] {
				agrees = false
			}
		}
		if agrees {
			n++
		}
	}
	return n
}

// TestIDNumbersCannotBeRebuilt counts, by enumeration, the ID numbers that
// agree with what is kept in clear: (a) every clear column of each educator
// in the database file, and (b) everything a county account without the
// right to reveal numbers sees (pages, JSON, exports), taking the worst case
// that it has learnt each person's exact birth date and gender. Each must
// leave at least 100 numbers.
func TestIDNumbersCannotBeRebuilt(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "j.db")
	env := testEnv("JIAOLIU_DB", "sqlite:"+dbPath)
	srv := startServer(t, env, "--demo")
	ds := demo.Generate(demo.DefaultSeed, demo.DefaultAsOf)
	type person struct {
		birth  app.Date
		gender string
	}
	byRegion := map[string][]person{}
	for _, e := range ds.Educators {
		byRegion[string(e.IDNumber[:6])] = append(byRegion[string(e.IDNumber[:6])], person{e.BirthDate, e.Gender})
	}

	// (b) A county HR account without the full-ID grant.
	if _, _, err := runCmd(t, env, "", "user", "create", "--username", "hr_masked", "--name", "人事科（无全号）",
		"--role", "county_hr", "--scope", "county:"+ds.Counties[0].Name, "--password", "jiaoliu-demo"); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.URL, "hr_masked")
	var eligible struct {
		Items []struct {
			EducatorID int64 `json:"educator_id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(c.get("/api/v1/rotation/eligible?all=1&per_page=50"), &eligible); err != nil || len(eligible.Items) == 0 {
		t.Fatalf("no eligibility rows to look at: %v", err)
	}
	id := eligible.Items[0].EducatorID
	var seen []byte
	for _, path := range []string{
		fmt.Sprintf("/educators/%d", id), fmt.Sprintf("/api/v1/educators/%d", id),
		fmt.Sprintf("/rotation/educators/%d", id), fmt.Sprintf("/api/v1/rotation/educators/%d", id),
		"/educators", "/api/v1/educators?per_page=500", "/educators/export", "/api/v1/educators/export",
		"/rotation/eligible?all=1", "/api/v1/rotation/eligible?all=1&per_page=500",
		"/rotation/eligible?all=1&format=csv", "/rotation/eligible?all=1&format=xlsx",
		"/rotation/exchanges", "/api/v1/rotation/exchanges?per_page=500",
		"/rotation/return", "/rotation/return/annex1.xlsx", "/rotation/return/annex2.xlsx",
	} {
		seen = append(seen, unzipped(t, c.get(path))...)
		seen = append(seen, '\n')
	}
	var me struct {
		IDMasked string `json:"id_number_masked"`
	}
	if err := json.Unmarshal(c.get(fmt.Sprintf("/api/v1/educators/%d", id)), &me); err != nil || me.IDMasked == "" {
		t.Fatalf("the person's record has no masked number: %v", err)
	}
	masks := map[string]bool{}
	for _, m := range maskPattern.FindAll(seen, -1) {
		if strings.Contains(string(m), "*") {
			masks[strings.ToUpper(string(m))] = true
		}
	}
	if !masks[me.IDMasked] {
		t.Fatalf("the scan misses the person's masked number %s", me.IDMasked)
	}
	for m := range masks {
		for _, p := range byRegion[m[:6]] {
			if n := idCandidates(m, p.birth, p.gender); n < 100 {
				t.Fatalf("a county account without the full-ID grant sees %s: with a birth date and gender it could belong to, %d numbers agree", m, n)
			}
		}
	}
	if m := oldMaskPattern.Find(seen); m != nil {
		t.Fatalf("a view keeps a character after the birth date: %s", m)
	}

	// (a) The database file alone: every clear column of every educator.
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT * FROM educators`)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	count := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, c := range cols {
			row[c] = fmt.Sprint(vals[i])
		}
		birth, err := app.ParseISODate(row["birth_date"][:10])
		if err != nil {
			t.Fatalf("birth_date %q: %v", row["birth_date"], err)
		}
		if n := idCandidates(row["id_masked"], birth, row["gender"]); n < 100 {
			t.Fatalf("educator %s: its clear columns (mask %s, birth date, gender) leave %d numbers", row["id"], row["id_masked"], n)
		}
		count++
	}
	if err := rows.Err(); err != nil || count != len(ds.Educators) {
		t.Fatalf("read %d of %d educators: %v", count, len(ds.Educators), err)
	}
	// No table keeps a mask with the last characters (audit rows, runs).
	files, _ := filepath.Glob(dbPath + "*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := oldMaskPattern.Find(b); m != nil {
			t.Fatalf("%s holds a mask with characters after the birth date: %s", filepath.Base(f), m)
		}
	}
}
