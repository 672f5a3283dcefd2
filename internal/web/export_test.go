package web

// HasEnglish reports whether the catalogue translates zh.
func HasEnglish(zh string) bool { _, ok := catalogue[zh]; return ok }
