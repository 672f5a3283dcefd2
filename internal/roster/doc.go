// Package roster is the codec of the standard roster workbook (花名册,
// ROSTER.md): it reads an uploaded .xlsx workbook or CSV files into typed
// rows, validates every row that can be validated without the database, and
// writes the same layout for the template download and for exports. It
// never touches the database.
//
// An import goes:
//
//	wb, issues, err := roster.ReadFiles(ctx, files, roster.Options{Today: app.DateOf(clock.Now()), Progress: bar})
//	refs := wb.Refs()                       // school codes and ID numbers the workbook uses but does not define
//	... look them up in one query each ...
//	issues = append(issues, wb.CheckRefs(schoolKnown, educatorKnown)...)
//	roster.SortIssues(issues)
//	if roster.HasErrors(issues) { show the issues; change nothing }
//
// Every Issue names the sheet, the row as Excel numbers it, the column as
// headed in the file and the value, and says in Chinese (and English) what
// is wrong. ID numbers are personal data: an Issue shows them masked, and no
// message repeats one.
//
// Exports mask ID numbers, and leave birth dates out, unless WriteOptions.FullIDNumbers is set. Only
// an export with full ID numbers can be imported again: the ID number is
// the key of an educator, and a masked one identifies nobody, so reading
// one is an error that says why. A full export reads back as the same
// rows, so re-importing it changes nothing.
package roster
