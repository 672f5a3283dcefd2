package web

// HasEnglish reports whether the catalogue translates zh.
func HasEnglish(zh string) bool { _, ok := english(zh); return ok }
