package store

import (
	"context"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// Subjects and honours are stored between delimiters (、语文、数学、) so
// that LIKE '%、语文、%' matches one whole subject.
const listSep = "、"

func joinList(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return listSep + strings.Join(items, listSep) + listSep
}

// stringsOf turns a list of a vocabulary's codes into plain strings.
func stringsOf[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// codesOf turns plain strings into a list of a vocabulary's codes.
func codesOf[S ~string](xs []string) []S {
	out := make([]S, len(xs))
	for i, x := range xs {
		out[i] = S(x)
	}
	return out
}

func splitList(s string) []string {
	s = strings.Trim(s, listSep)
	if s == "" {
		return []string{}
	}
	return strings.Split(s, listSep)
}

const educatorColumns = `e.id, e.id_masked, e.name, e.sort_key, e.gender, e.birth_date, e.school_id, s.code, s.name,
	s.county_id, c.city_id, e.post, e.subjects, e.staff_status, e.backbone, e.title, e.honours,
	e.joined_school, e.post_since, e.created_at, e.updated_at, e.homeroom, ` + homeroomUncertified

const educatorFrom = ` FROM educators e JOIN schools s ON s.id = e.school_id JOIN counties c ON c.id = s.county_id`

func scanEducator(sc interface{ Scan(...any) error }) (*people.Educator, error) {
	e := &people.Educator{}
	var subjects, honours string
	err := sc.Scan(&e.ID, &e.IDMasked, &e.Name, &e.Pinyin, &e.Gender, &e.BirthDate, &e.SchoolID, &e.SchoolCode, &e.SchoolName,
		&e.CountyID, &e.CityID, &e.Post, &subjects, &e.StaffStatus, &e.Backbone, &e.Title, &honours,
		&e.JoinedSchool, &e.PostSince, &e.CreatedAt, &e.UpdatedAt, &e.Homeroom, &e.HomeroomUncertified)
	if err != nil {
		return nil, err
	}
	e.Subjects, e.Honours = splitList(subjects), splitList(honours)
	return e, nil
}

// educatorWhere builds the conditions of an educator filter.
func educatorWhere(f people.EducatorFilter) where {
	var w where
	w.scope(f.Within, "c.city_id", "s.county_id", "e.school_id", "e.id")
	if q := strings.TrimSpace(f.Q); q != "" {
		if pq := people.NormalizeQuery(q); people.IsPinyinQuery(pq) {
			w.add(`(e.search_keys LIKE ? ESCAPE '\' OR e.name LIKE ? ESCAPE '\')`, "% "+likeEscape(pq)+"%", "%"+likeEscape(q)+"%")
		} else {
			w.add(`e.name LIKE ? ESCAPE '\'`, "%"+likeEscape(q)+"%")
		}
	}
	if f.SchoolID != 0 {
		w.add("e.school_id = ?", f.SchoolID)
	}
	if f.SchoolCode != "" {
		w.add("s.code = ?", f.SchoolCode)
	}
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.Post != "" {
		w.add("e.post = ?", f.Post)
	}
	if f.Subject != "" {
		w.add(`e.subjects LIKE ? ESCAPE '\'`, "%"+listSep+likeEscape(f.Subject)+listSep+"%")
	}
	switch f.Backbone {
	case "":
	case "any":
		w.add("e.backbone <> ''")
	case "none":
		w.add("e.backbone = ''")
	default:
		w.add("e.backbone = ?", f.Backbone)
	}
	if f.Gender != "" {
		w.add("e.gender = ?", f.Gender)
	}
	if f.StaffStatus != "" {
		w.add("e.staff_status = ?", f.StaffStatus)
	}
	on := f.AgeOn
	if on.IsZero() {
		on = app.DateOf(time.Now())
	}
	if f.MinAge > 0 {
		// 周岁 ≥ MinAge: born on or before the MinAge-th birthday's date.
		w.add("e.birth_date <= ?", on.AddYears(-f.MinAge))
	}
	if f.MaxAge > 0 {
		// 周岁 ≤ MaxAge: not yet MaxAge+1 on the date.
		w.add("e.birth_date > ?", on.AddYears(-(f.MaxAge + 1)))
	}
	return w
}

var educatorSorts = map[string]string{
	"name":           "e.sort_key, e.id",
	"-name":          "e.sort_key DESC, e.id DESC",
	"birth_date":     "e.birth_date, e.id",
	"-birth_date":    "e.birth_date DESC, e.id DESC",
	"joined_school":  "e.joined_school, e.id",
	"-joined_school": "e.joined_school DESC, e.id DESC",
	"school":         "s.code, e.sort_key, e.id",
	"-school":        "s.code DESC, e.sort_key DESC, e.id DESC",
}

// FindEducators lists educators matching f and their total count.
func (db *DB) FindEducators(ctx context.Context, f people.EducatorFilter) ([]*people.Educator, int, error) {
	count, page, args := EducatorListSQL(f)
	var total int
	if err := db.q(ctx).QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, app.Wrap("store.FindEducators", err)
	}
	rows, err := db.q(ctx).QueryContext(ctx, page, args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindEducators", err)
	}
	defer rows.Close()
	out := []*people.Educator{}
	for rows.Next() {
		e, err := scanEducator(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindEducators", err)
		}
		out = append(out, e)
	}
	return out, total, app.Wrap("store.FindEducators", rows.Err())
}

// CountEducators counts the educators matching f (FindEducators' total)
// and the backbone teachers among them, in one pass.
func (db *DB) CountEducators(ctx context.Context, f people.EducatorFilter) (total, backbone int, err error) {
	w := educatorWhere(f)
	err = db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN e.backbone <> '' THEN 1 END)`+educatorFrom+w.sql(),
		w.args...).Scan(&total, &backbone)
	return total, backbone, app.Wrap("store.CountEducators", err)
}

// EducatorListSQL returns the two statements FindEducators runs for f, the
// count and the page, with their arguments, so that bench/load can run the
// very same SQL bare beside the API.
func EducatorListSQL(f people.EducatorFilter) (count, page string, args []any) {
	w := educatorWhere(f)
	order, ok := educatorSorts[f.Sort]
	if !ok {
		order = educatorSorts["name"]
	}
	return `SELECT COUNT(*)` + educatorFrom + w.sql(),
		`SELECT ` + educatorColumns + educatorFrom + w.sql() + ` ORDER BY ` + order + limitOffset(f.Limit, f.Offset), w.args
}

// FindEducatorByID returns the educator with the id.
func (db *DB) FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error) {
	e, err := scanEducator(db.q(ctx).QueryRowContext(ctx, `SELECT `+educatorColumns+educatorFrom+` WHERE e.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "教职工")
	}
	return e, nil
}

// FindEducatorIDByLookup returns the id of the educator whose ID number has
// the keyed hash lookup.
func (db *DB) FindEducatorIDByLookup(ctx context.Context, lookup string) (int64, error) {
	var id int64
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id FROM educators WHERE id_lookup = $1`, lookup).Scan(&id)
	if err != nil {
		return 0, notFound(err, "教职工")
	}
	return id, nil
}

// EducatorCipher returns the encrypted ID number of an educator.
func (db *DB) EducatorCipher(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id_cipher FROM educators WHERE id = $1`, id).Scan(&b)
	if err != nil {
		return nil, notFound(err, "教职工")
	}
	return b, nil
}

// UpdateHomeroom sets whether the educator is a homeroom teacher (班主任).
func (db *DB) UpdateHomeroom(ctx context.Context, id int64, homeroom bool) error {
	return db.execOne(ctx, "store.UpdateHomeroom", "教职工", `UPDATE educators SET homeroom = $1, updated_at = $2 WHERE id = $3`,
		homeroom, db.clock.Now(), id)
}

// SealedID is an ID number as the store keeps it.
type SealedID = people.SealedID

// CreateEducator inserts e with its sealed ID number and sets its ID.
func (db *DB) CreateEducator(ctx context.Context, e *people.Educator, id SealedID) error {
	return db.CreateEducators(ctx, []*people.Educator{e}, []SealedID{id})
}

// FindCareer returns an educator's career history, oldest first.
func (db *DB) FindCareer(ctx context.Context, educatorID int64) ([]*people.CareerEntry, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT k.id, k.educator_id, k.school_id, s.code, s.name, k.post, k.kind,
		k.start_date, k.end_date, k.note
		FROM career_entries k JOIN schools s ON s.id = k.school_id
		WHERE k.educator_id = $1 ORDER BY k.start_date, k.id`, educatorID)
	if err != nil {
		return nil, app.Wrap("store.FindCareer", err)
	}
	defer rows.Close()
	out := []*people.CareerEntry{}
	for rows.Next() {
		k := &people.CareerEntry{}
		if err := rows.Scan(&k.ID, &k.EducatorID, &k.SchoolID, &k.SchoolCode, &k.SchoolName, &k.Post, &k.Kind,
			&k.Start, &k.End, &k.Note); err != nil {
			return nil, app.Wrap("store.FindCareer", err)
		}
		out = append(out, k)
	}
	return out, app.Wrap("store.FindCareer", rows.Err())
}
