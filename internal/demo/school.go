package demo

import (
	"fmt"
	"math"

	"jiaoliu/internal/org"
)

// The demo city: 澜溪市 with the urban district 澜城区 (city schools, a few
// suburban towns) and the rural county 栖云县 (a county seat and twelve
// townships with village schools). The codes are plausible but belong to no
// real place: 5199xx is not a prefecture of Sichuan.
const (
	cityName       = "澜溪市"
	districtCode   = "519902"
	districtName   = "澜城区"
	countyCode     = "519923"
	countyName     = "栖云县"
	targetStaff    = 4000 // educators in the whole city, roughly
	districtTowns  = 3
	countyTowns    = 13
	countyZhenTown = 8 // the first townships of the county are 镇, the rest 乡
)

// Centres of the district and of the county seat, in decimal degrees.
const (
	districtLon, districtLat = 104.50, 31.20
	seatLon, seatLat         = 104.80, 31.00
	kmPerDegLon              = 95.0 // at 31°N
	kmPerDegLat              = 111.0
)

// county is a county of the city during generation.
type county struct {
	code, name string
	schools    []*schoolInfo
	// birthCodes are the region codes that begin the ID numbers of people
	// born here: the county's own code first.
	birthCodes []string
}

// schoolInfo is a school during generation.
type schoolInfo struct {
	s      School
	county *county
	index  int
	size   int  // educators to generate
	fixed  bool // size is not scaled (village points)
	lon    float64
	lat    float64
	// prestige is a rough rank of how sought-after the school is, used to
	// choose secondment hosts.
	prestige float64
}

func (si *schoolInfo) level() string    { return si.s.Level }
func (si *schoolInfo) location() string { return si.s.Location }

// locationKind classes a school for the weights the generator uses:
// 0 urban, 1 township, 2 rural, 3 village point.
func (si *schoolInfo) locationKind() int {
	switch {
	case si.s.VillagePoint:
		return 3
	case si.s.Location == "urban":
		return 0
	case si.s.Location == "township":
		return 1
	}
	return 2
}

func (g *generator) buildCity() {
	g.ds.City = org.City{Name: cityName}
	district := g.addCounty(districtCode, districtName, "519901", "519903")
	rural := g.addCounty(countyCode, countyName, "519922", "519924")

	towns := append([]string(nil), townshipNames...)
	g.r.Shuffle(len(towns), func(i, j int) { towns[i], towns[j] = towns[j], towns[i] })
	g.buildDistrict(district, towns[:districtTowns])
	g.buildCounty(rural, towns[districtTowns:districtTowns+countyTowns])
	g.scaleSizes()

	for _, si := range g.schools {
		if si.s.Level != "kindergarten" {
			si.s.Demonstration = ""
		}
		lon, lat := round6(si.lon), round6(si.lat)
		si.s.Longitude, si.s.Latitude = &lon, &lat
		g.ds.Schools = append(g.ds.Schools, si.s)
	}
}

func (g *generator) addCounty(code, name string, otherCodes ...string) *county {
	c := &county{code: code, name: name, birthCodes: append([]string{code}, otherCodes...)}
	g.counties = append(g.counties, c)
	g.ds.Counties = append(g.ds.Counties, org.County{Code: code, Name: name})
	return c
}

// addSchool appends a school of county c with a raw size drawn from
// [lo, hi], placed around (lon, lat) with a spread of km kilometres.
func (g *generator) addSchool(c *county, name, level, location string, lo, hi int, lon, lat, km float64) *schoolInfo {
	si := &schoolInfo{
		county: c,
		index:  len(g.schools),
		size:   g.between(lo, hi),
		lon:    lon + g.r.NormFloat64()*km/kmPerDegLon,
		lat:    lat + g.r.NormFloat64()*km/kmPerDegLat,
	}
	si.s.Code = fmt.Sprintf("%s%03d", c.code, len(c.schools)+1)
	si.s.Name = name
	si.s.CountyName = c.name
	si.s.Level = level
	si.s.Location = location
	si.s.CountyCode = c.code
	si.prestige = float64(si.size)
	if location == "urban" {
		si.prestige *= 2
	}
	c.schools = append(c.schools, si)
	g.schools = append(g.schools, si)
	return si
}

// offset returns the point d km from (lon, lat) in direction angle (radians).
func offset(lon, lat, km, angle float64) (float64, float64) {
	return lon + km*math.Cos(angle)/kmPerDegLon, lat + km*math.Sin(angle)/kmPerDegLat
}

// kindergartenDemo draws a demonstration level: province, city and county
// with the given probabilities, else none.
func (g *generator) kindergartenDemo(province, city, county float64) string {
	x := g.r.Float64()
	switch {
	case x < province:
		return "province"
	case x < province+city:
		return "city"
	case x < province+city+county:
		return "county"
	}
	return ""
}

// buildDistrict lays out the urban district: city and district schools in
// the centre, and suburban towns with village schools around it.
func (g *generator) buildDistrict(c *county, towns []string) {
	urban := func(name, level string, lo, hi int) *schoolInfo {
		return g.addSchool(c, name, level, "urban", lo, hi, districtLon, districtLat, 2.5)
	}
	k := urban("澜溪市机关幼儿园", "kindergarten", 35, 45)
	k.s.Demonstration = "province"
	k.prestige *= 2
	k = urban("澜城区实验幼儿园", "kindergarten", 30, 42)
	k.s.Demonstration = g.kindergartenDemo(0.5, 0.5, 0)
	for i := range 8 {
		k = urban("澜城区第"+ordinals[i]+"幼儿园", "kindergarten", 22, 38)
		k.s.Demonstration = g.kindergartenDemo(0, 0.3, 0.35)
	}

	leadPrimary := urban("澜城区实验小学", "primary", 100, 130)
	leadPrimary.prestige *= 2
	urban("澜溪市实验小学", "primary", 100, 130).prestige *= 2
	streets := append([]string(nil), streetNames...)
	g.r.Shuffle(len(streets), func(i, j int) { streets[i], streets[j] = streets[j], streets[i] })
	var urbanJuniors []*schoolInfo
	for _, st := range streets[:14] {
		p := urban("澜城区"+st+"小学", "primary", 60, 105)
		p.s.Weak = g.chance(0.05)
	}

	leadJunior := urban("澜溪市第四中学", "junior", 85, 110)
	for i := 4; i <= 6; i++ {
		urbanJuniors = append(urbanJuniors, urban("澜溪市第"+ordinals[i]+"中学", "junior", 70, 100))
	}
	urbanJuniors = append(urbanJuniors, urban("澜城区实验中学", "junior", 80, 110))
	urban("澜城区外国语学校", "nine_year", 100, 130).prestige *= 1.5
	urbanJuniors = append(urbanJuniors, urban("澜城区滨江学校", "nine_year", 85, 115))
	urban("澜溪市第三中学", "complete", 130, 160)
	urban("澜溪市第一中学", "senior", 180, 220).prestige *= 2
	urban("澜溪市第二中学", "senior", 150, 190)
	urban("澜溪市实验高级中学", "senior", 140, 170)
	urban("澜溪市职业技术学校", "vocational", 70, 95)
	urban("澜溪市特殊教育学校", "special", 22, 30)

	var townPrimaries, townJuniors, villages []*schoolInfo
	base := g.r.Float64() * 2 * math.Pi
	for i, t := range towns {
		town := t + "镇"
		angle := base + float64(i)*2*math.Pi/float64(len(towns)) + (g.r.Float64()-0.5)*0.6
		tx, ty := offset(districtLon, districtLat, 9+g.r.Float64()*7, angle)
		add := func(name, level string, lo, hi int) *schoolInfo {
			si := g.addSchool(c, name, level, "township", lo, hi, tx, ty, 0.6)
			si.s.Terrain = "flat"
			return si
		}
		k := add("澜城区"+town+"中心幼儿园", "kindergarten", 12, 20)
		k.s.Demonstration = g.kindergartenDemo(0, 0, 0.4)
		townPrimaries = append(townPrimaries, add("澜城区"+town+"中心小学", "primary", 40, 60))
		if i < 2 {
			townJuniors = append(townJuniors, add("澜城区"+town+"中学", "junior", 40, 60))
		}
		villages = append(villages, g.addVillages(c, town, g.between(1, 3), tx, ty, false)...)
	}

	g.addConsortium(c, leadPrimary, g.pickSome(append(townPrimaries, villages...), 3, 5))
	g.addConsortium(c, leadJunior, append(townJuniors, g.pickSome(urbanJuniors, 1, 2)...))
}

// buildCounty lays out the rural county: the county seat's schools, urban,
// and townships (镇 then 乡) each with a kindergarten, a central primary, a
// junior or nine-year school and village schools.
func (g *generator) buildCounty(c *county, towns []string) {
	urban := func(name, level string, lo, hi int) *schoolInfo {
		return g.addSchool(c, name, level, "urban", lo, hi, seatLon, seatLat, 1.5)
	}
	k := urban("栖云县实验幼儿园", "kindergarten", 30, 40)
	k.s.Demonstration = "city"
	k = urban("栖云县机关幼儿园", "kindergarten", 25, 35)
	k.s.Demonstration = "county"
	k = urban("栖云县城关幼儿园", "kindergarten", 22, 30)
	k.s.Demonstration = g.kindergartenDemo(0, 0, 0.5)
	urban("栖云县城南幼儿园", "kindergarten", 20, 28)

	leadA := urban("栖云县实验小学", "primary", 85, 110)
	leadB := urban("栖云县城关第一小学", "primary", 70, 95)
	urban("栖云县城关第二小学", "primary", 60, 85)
	urban("栖云县城关第三小学", "primary", 55, 80).s.Weak = g.chance(0.3)
	urban("栖云县城南小学", "primary", 55, 80)
	leadJ := urban("栖云县城关中学", "junior", 80, 100)
	urban("栖云县实验中学", "junior", 75, 95)
	urban("栖云县第二中学", "complete", 120, 150)
	urban("栖云县第一中学", "senior", 180, 220).prestige *= 1.5
	urban("栖云县职业高级中学", "vocational", 60, 85)

	var primaries, secondaries []*schoolInfo
	base := g.r.Float64() * 2 * math.Pi
	for i, t := range towns {
		zhen := i < countyZhenTown
		town, loc := t+"镇", "township"
		weak := 0.08
		if !zhen {
			town, loc, weak = t+"乡", "rural", 0.3
		}
		angle := base + float64(i)*2*math.Pi/float64(len(towns)) + (g.r.Float64()-0.5)*0.4
		dist := 8 + g.r.Float64()*28
		tx, ty := offset(seatLon, seatLat, dist, angle)
		terrain := "flat"
		mountain := dist > 27 || g.chance(0.2)
		if mountain {
			terrain = "mountain"
		}
		add := func(name, level string, lo, hi int) *schoolInfo {
			si := g.addSchool(c, name, level, loc, lo, hi, tx, ty, 0.6)
			si.s.Terrain = terrain
			si.s.Weak = g.chance(weak)
			return si
		}
		if zhen {
			k := add("栖云县"+town+"中心幼儿园", "kindergarten", 12, 20)
			k.s.Demonstration = g.kindergartenDemo(0, 0, 0.3)
			primaries = append(primaries, add("栖云县"+town+"中心小学", "primary", 35, 60))
			if g.chance(0.7) {
				secondaries = append(secondaries, add("栖云县"+town+"中学", "junior", 40, 65))
			} else {
				secondaries = append(secondaries, add("栖云县"+town+"九年一贯制学校", "nine_year", 50, 70))
			}
		} else {
			add("栖云县"+town+"中心幼儿园", "kindergarten", 6, 12)
			primaries = append(primaries, add("栖云县"+town+"中心小学", "primary", 20, 35))
			if g.chance(0.6) {
				secondaries = append(secondaries, add("栖云县"+town+"九年一贯制学校", "nine_year", 30, 45))
			} else {
				secondaries = append(secondaries, add("栖云县"+town+"中学", "junior", 25, 40))
			}
		}
		n := g.between(2, 4)
		if zhen {
			n = g.between(2, 5)
		}
		g.addVillages(c, town, n, tx, ty, mountain)
	}

	g.r.Shuffle(len(primaries), func(i, j int) { primaries[i], primaries[j] = primaries[j], primaries[i] })
	a := g.between(3, 5)
	b := g.between(3, 5)
	g.addConsortium(c, leadA, primaries[:a])
	g.addConsortium(c, leadB, primaries[a:a+b])
	g.addConsortium(c, leadJ, g.pickSome(secondaries, 3, 5))
}

// addVillages adds n village schools (村小 and 教学点, all village points) of
// a township near (tx, ty). Their names are distinct within the township.
func (g *generator) addVillages(c *county, town string, n int, tx, ty float64, mountain bool) []*schoolInfo {
	stems := g.r.Perm(len(villageNames))[:n]
	out := make([]*schoolInfo, 0, n)
	for _, v := range stems {
		vx, vy := offset(tx, ty, 2+g.r.Float64()*4, g.r.Float64()*2*math.Pi)
		name, lo, hi := town+villageNames[v]+"村小学", 4, 8
		if g.chance(0.35) {
			name, lo, hi = town+villageNames[v]+"村教学点", 3, 5
		}
		si := g.addSchool(c, name, "primary", "rural", lo, hi, vx, vy, 0.2)
		si.fixed = true
		si.s.VillagePoint = true
		si.s.Weak = g.chance(0.35)
		si.s.Terrain = "flat"
		if mountain || g.chance(0.3) {
			si.s.Terrain = "mountain"
		}
		out = append(out, si)
	}
	return out
}

// pickSome returns between lo and hi of the schools, chosen at random among
// those not yet in a consortium, in their original order.
func (g *generator) pickSome(from []*schoolInfo, lo, hi int) []*schoolInfo {
	var free []*schoolInfo
	for _, si := range from {
		if si.s.Consortium == "" {
			free = append(free, si)
		}
	}
	n := min(g.between(lo, hi), len(free))
	keep := make([]bool, len(free))
	for _, i := range g.r.Perm(len(free))[:n] {
		keep[i] = true
	}
	out := make([]*schoolInfo, 0, n)
	for i, si := range free {
		if keep[i] {
			out = append(out, si)
		}
	}
	return out
}

// addConsortium makes lead the head of a 办学联合体 with the given members.
func (g *generator) addConsortium(c *county, lead *schoolInfo, members []*schoolInfo) {
	name := lead.s.Name + "办学联合体"
	lead.s.Consortium = name
	for _, m := range members {
		m.s.Consortium = name
	}
	g.ds.Consortia = append(g.ds.Consortia, Consortium{CountyCode: c.code, Name: name, LeadSchoolCode: lead.s.Code})
}

// scaleSizes scales the sizes of the schools other than village points so
// the city has about targetStaff educators; every school keeps at least 6.
func (g *generator) scaleSizes() {
	fixed, scaled := 0, 0
	for _, si := range g.schools {
		if si.fixed {
			fixed += si.size
		} else {
			scaled += si.size
		}
	}
	f := float64(targetStaff-fixed) / float64(scaled)
	for _, si := range g.schools {
		if !si.fixed {
			si.size = max(6, int(math.Round(float64(si.size)*f)))
		}
	}
}

// round6 rounds a coordinate to six decimals (about 0.1 m).
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
