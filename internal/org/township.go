package org

import (
	"regexp"
	"strings"
)

// townshipName is the stem of one to four characters ending in 镇 or 乡 that
// opens a school's name once the county's name is taken off.
var townshipName = regexp.MustCompile(`^\p{Han}{1,4}?[镇乡]`)

// Township returns the township (乡镇) the school lies in, as its name says:
// the registry records no township, and the names of township and village
// schools carry theirs (栖云县柳树镇中心小学 and 柳树镇王家村小学 lie in
// 柳树镇). It is "" for a name that names none, as a county seat's schools'
// do; those schools are taken as one place, the county seat.
func (s *School) Township() string {
	return townshipName.FindString(strings.TrimPrefix(s.Name, s.CountyName))
}
