package store

import (
	"fmt"
	"jiaoliu/internal/app"
	"strconv"
	"strings"
)

// where builds a WHERE clause with numbered placeholders. Conditions are
// written with '?' for each argument; add renumbers them to $n.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			w.args = append(w.args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

// in adds "col IN (…)" for ids; an empty list matches nothing.
func (w *where) in(col string, ids []int64) {
	if len(ids) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i] = id
		marks[i] = "?"
	}
	w.add(col+" IN ("+strings.Join(marks, ", ")+")", args...)
}

// inStrings adds "col IN (…)" for string values; an empty list matches nothing.
func (w *where) inStrings(col string, vals []string) {
	if len(vals) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	args := make([]any, len(vals))
	marks := make([]string, len(vals))
	for i, v := range vals {
		args[i], marks[i] = v, "?"
	}
	w.add(col+" IN ("+strings.Join(marks, ", ")+")", args...)
}

// or adds the disjunction of sub-clauses built by fns on a shared argument list.
func (w *where) or(parts ...func(*where)) {
	var sub []string
	for _, part := range parts {
		inner := where{args: w.args}
		part(&inner)
		if len(inner.conds) == 0 {
			continue
		}
		w.args = inner.args
		sub = append(sub, "("+strings.Join(inner.conds, " AND ")+")")
	}
	if len(sub) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(sub, " OR ")+")")
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func limitOffset(limit, offset int) string {
	s := ""
	if limit > 0 {
		s += fmt.Sprintf(" LIMIT %d", limit)
	}
	if offset > 0 {
		if limit <= 0 {
			s += " LIMIT 9223372036854775807" // SQLite wants a LIMIT before OFFSET
		}
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}

// scope restricts rows to the part of the tree s admits. The column names
// give the row's city, county, school and educator ids; an empty name means
// the row has no such level.
func (w *where) scope(s app.Scope, cityCol, countyCol, schoolCol, educatorCol string) {
	if s.All {
		return
	}
	var parts []func(*where)
	add := func(col string, ids []int64) {
		if col != "" && len(ids) > 0 {
			parts = append(parts, func(w *where) { w.in(col, ids) })
		}
	}
	add(cityCol, s.CityIDs)
	add(countyCol, s.CountyIDs)
	add(schoolCol, s.SchoolIDs)
	add(educatorCol, s.EducatorIDs)
	w.or(parts...)
}
