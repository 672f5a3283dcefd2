package people

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// surnameReadings are the surname readings that differ from a character's
// everyday reading (单 is Shan as a surname, 曾 is Zeng, 解 is Xie …).
var surnameReadings = map[rune]string{
	'单': "shan", '曾': "zeng", '解': "xie", '仇': "qiu", '朴': "piao", '区': "ou",
	'查': "zha", '盖': "ge", '乐': "yue", '缪': "miao", '尉': "yu", '折': "she",
	'种': "chong", '员': "yun", '覃': "qin", '翟': "zhai", '万': "wan", '沈': "shen",
	'任': "ren", '华': "hua", '纪': "ji", '燕': "yan", '葛': "ge", '秘': "bi",
	'繁': "po", '黑': "he", '谌': "chen", '祭': "zhai", '过': "guo", '长': "chang",
	'重': "chong", '石': "shi", '薄': "bo", '柏': "bai", '阚': "kan", '句': "gou",
}

// maxPinyinVariants bounds the readings kept for a name with polyphonic characters.
const maxPinyinVariants = 8

// NamePinyin returns the search keys of a Chinese name: each reading in full
// (zhangsan) and as initials (zs), the surname read as a surname. Non-Han
// characters are kept in lower case, so "Anna李" reads anna + li.
func NamePinyin(name string) (full, initials []string) {
	variants := []string{""}
	inits := []string{""}
	first := true
	for _, r := range strings.TrimSpace(name) {
		var readings []string
		switch {
		case unicode.Is(unicode.Han, r):
			if s, ok := surnameReadings[r]; ok && first {
				readings = []string{s}
			} else {
				readings = hanReadings(r)
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			readings = []string{strings.ToLower(string(r))}
		default:
			continue // spaces, dots of transliterated names
		}
		first = false
		if len(readings) == 0 {
			continue
		}
		variants, inits = extend(variants, inits, readings, unicode.Is(unicode.Han, r))
	}
	return dedupe(variants), dedupe(inits)
}

// readingCache keeps each character's readings once looked up: the
// dictionary's lookup strips tone marks with regular expressions, which a
// roster import of 100,000 names would otherwise run for every character.
// The cached slices are shared and never modified.
var readingCache sync.Map // rune → []string

// hanReadings returns the readings of a Han character, without tones.
func hanReadings(r rune) []string {
	if v, ok := readingCache.Load(r); ok {
		return v.([]string)
	}
	args := pinyin.NewArgs()
	args.Heteronym = true
	readings := dedupe(pinyin.SinglePinyin(r, args))
	readingCache.Store(r, readings)
	return readings
}

func extend(variants, inits, readings []string, han bool) ([]string, []string) {
	var nv, ni []string
	for i, v := range variants {
		for j, rd := range readings {
			if len(nv) >= maxPinyinVariants && j > 0 {
				break
			}
			nv = append(nv, v+rd)
			ini := rd
			if han {
				ini = rd[:1]
			}
			ni = append(ni, inits[i]+ini)
		}
	}
	return nv, ni
}

func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// SearchKeys joins a name's pinyin readings and initials into the text the
// store matches search words against: " zhangsan zs ", each key after a space.
func SearchKeys(name string) string {
	_, search := NameKeys(name)
	return search
}

// SortKey returns the first full reading of a name, for ordering by pinyin.
func SortKey(name string) string {
	sort, _ := NameKeys(name)
	return sort
}

// NameKeys returns a name's SortKey and SearchKeys, reading it once.
func NameKeys(name string) (sort, search string) {
	full, inits := NamePinyin(name)
	search = " " + strings.Join(append(append([]string{}, full...), inits...), " ") + " "
	if len(full) == 0 {
		return strings.ToLower(name), search
	}
	return full[0], search
}

// NormalizeQuery lower-cases a search word and drops spaces and apostrophes,
// so "Zhang San" and "xi'an" match their keys.
func NormalizeQuery(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\'' || r == '’' {
			return -1
		}
		return r
	}, q)
}

// IsPinyinQuery reports whether q is made of ASCII letters only, and so is
// matched against pinyin keys rather than the name.
func IsPinyinQuery(q string) bool {
	if q == "" {
		return false
	}
	for _, r := range q {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
