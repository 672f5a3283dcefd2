package app

// Place is a position in the organisation tree (city → county → school), or
// an educator's own record. Access decisions are made against it; a zero
// field means "not below that level".
type Place struct {
	CityID     int64
	CountyID   int64
	SchoolID   int64
	EducatorID int64
}

// Scope restricts a listing to part of the tree: the union of the listed
// cities, counties, schools and single educators, or everything when All is
// set. Package auth builds it from the actor's grants with the same rule that
// decides single reads, so listings and reads agree.
type Scope struct {
	All         bool
	CityIDs     []int64
	CountyIDs   []int64
	SchoolIDs   []int64
	EducatorIDs []int64
}

// Empty reports whether the scope admits nothing.
func (s Scope) Empty() bool {
	return !s.All && len(s.CityIDs) == 0 && len(s.CountyIDs) == 0 && len(s.SchoolIDs) == 0 && len(s.EducatorIDs) == 0
}

// Contains reports whether p lies inside s.
func (s Scope) Contains(p Place) bool {
	if s.All {
		return true
	}
	return (p.CityID != 0 && hasID(s.CityIDs, p.CityID)) ||
		(p.CountyID != 0 && hasID(s.CountyIDs, p.CountyID)) ||
		(p.SchoolID != 0 && hasID(s.SchoolIDs, p.SchoolID)) ||
		(p.EducatorID != 0 && hasID(s.EducatorIDs, p.EducatorID))
}

func hasID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}
