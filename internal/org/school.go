package org

import (
	"context"
	"time"

	"jiaoliu/internal/app"
)

// Levels are the school levels (学段) of SPEC §2.
var Levels = app.Vocab{
	{Code: "kindergarten", Zh: "幼儿园", En: "Kindergarten"},
	{Code: "primary", Zh: "小学", En: "Primary"},
	{Code: "junior", Zh: "初中", En: "Junior secondary"},
	{Code: "nine_year", Zh: "九年一贯制", En: "Nine-year school"},
	{Code: "complete", Zh: "完全中学", En: "Complete secondary"},
	{Code: "senior", Zh: "高中", En: "Senior secondary"},
	{Code: "vocational", Zh: "职业学校", En: "Vocational"},
	{Code: "special", Zh: "特殊教育", En: "Special education"},
}

// CompulsoryLevels are the levels that teach compulsory education (义务教育):
// the rotation rules of SPEC §3.1 cover only these.
var CompulsoryLevels = []string{"primary", "junior", "nine_year", "complete"}

// Locations are the location types (城乡类型).
var Locations = app.Vocab{
	{Code: "urban", Zh: "城区", En: "Urban"},
	{Code: "township", Zh: "镇区", En: "Township"},
	{Code: "rural", Zh: "乡村", En: "Rural"},
}

// Terrains distinguish mountain from flat schools within a township, for
// 乡镇内支教 between them (SPEC §3.2).
var Terrains = app.Vocab{
	{Code: "mountain", Zh: "山区", En: "Mountain"},
	{Code: "flat", Zh: "坝区", En: "Flat"},
}

// Demonstrations are the demonstration levels of kindergartens (示范等级).
var Demonstrations = app.Vocab{
	{Code: "province", Zh: "省级", En: "Provincial"},
	{Code: "city", Zh: "市级", En: "Municipal"},
	{Code: "county", Zh: "县级", En: "County"},
}

// City is the top of the tree (市).
type City struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// County is a county or district (区县) of a city.
type County struct {
	ID     int64  `json:"id"`
	CityID int64  `json:"city_id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	// Schools and Educators are counts filled by listings.
	Schools   int `json:"schools"`
	Educators int `json:"educators"`
}

// Consortium is a 办学联合体: schools of one county led by an urban school.
type Consortium struct {
	ID           int64  `json:"id"`
	CountyID     int64  `json:"county_id"`
	Name         string `json:"name"`
	LeadSchoolID int64  `json:"lead_school_id,omitempty"`
}

// School is a school or kindergarten. Code is the bureau's school code, unique
// in the database; it is how rosters name schools.
type School struct {
	ID            int64    `json:"id"`
	Code          string   `json:"code"`
	Name          string   `json:"name"`
	CityID        int64    `json:"city_id"`
	CountyID      int64    `json:"county_id"`
	CountyName    string   `json:"county_name"`
	Level         string   `json:"level"`
	Location      string   `json:"location_type"`
	Terrain       string   `json:"terrain,omitempty"`
	Weak          bool     `json:"weak"`
	Demonstration string   `json:"demonstration,omitempty"`
	VillagePoint  bool     `json:"village_point"` // 村小 / 教学点
	ConsortiumID  int64    `json:"consortium_id,omitempty"`
	Consortium    string   `json:"consortium,omitempty"`
	Longitude     *float64 `json:"longitude,omitempty"`
	Latitude      *float64 `json:"latitude,omitempty"`
	// Classes, Pupils and Boarders (班级数, 在校生数, 寄宿生数) are what the
	// staffing establishment is computed from (package staffing); nil when
	// the roster has not said.
	Classes  *int `json:"classes,omitempty"`
	Pupils   *int `json:"pupils,omitempty"`
	Boarders *int `json:"boarders,omitempty"`
	// Educators counts the school's educators; filled by listings.
	Educators int       `json:"educators"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Place returns the school's position in the tree.
func (s *School) Place() app.Place {
	return app.Place{CityID: s.CityID, CountyID: s.CountyID, SchoolID: s.ID}
}

// Compulsory reports whether the school teaches compulsory education.
func (s *School) Compulsory() bool {
	for _, l := range CompulsoryLevels {
		if s.Level == l {
			return true
		}
	}
	return false
}

// SchoolFilter selects schools. Zero fields do not filter.
type SchoolFilter struct {
	Q        string // name or code, substring
	CountyID int64
	Level    string
	Location string
	Weak     *bool
	Offset   int
	Limit    int // 0 means no limit
	Within   app.Scope
}

// Store is what package org needs from the database.
type Store interface {
	FindCities(ctx context.Context) ([]*City, error)
	FindCounties(ctx context.Context, within app.Scope) ([]*County, error)
	FindCountyByID(ctx context.Context, id int64) (*County, error)
	FindSchools(ctx context.Context, f SchoolFilter) ([]*School, int, error)
	CountSchoolsByLevel(ctx context.Context, within app.Scope) (map[string]int, error)
	FindSchoolByID(ctx context.Context, id int64) (*School, error)
	// The counter of changes the home figures are kept under (cache.go).
	app.VersionReader
}
