package staffing

// Vacancy is one school's establishment against its staff in post.
//
// MERGE NOTE (h-19b): this declaration mirrors the one h-19a's
// establishment declares in this package (STAFFING_API.md); at the merge
// this file goes and theirs stays, and their *Service is the
// VacancySource of NewRecruitService.
type Vacancy struct {
	SchoolID      int64
	SchoolCode    string
	SchoolName    string
	Level         string // org.Levels code
	Location      string // org.Locations code (urban / township / rural)
	Weak          bool
	Establishment int            // from the latest filed allocation of the county (0 when none filed)
	InPost        int            // educators of the school with staff_status "established" (在编在岗)
	Vacancies     int            // Establishment - InPost; negative = excess (超编)
	BySubject     map[string]int // in post per subject (roster subjects), for subject fit
}
