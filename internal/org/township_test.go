package org

import "testing"

func TestTownship(t *testing.T) {
	for _, tc := range []struct{ name, county, want string }{
		{"栖云县柳树镇中心小学", "栖云县", "柳树镇"},
		{"柳树镇王家村小学", "栖云县", "柳树镇"},
		{"栖云县白马乡九年一贯制学校", "栖云县", "白马乡"},
		{"澜城区石桥镇中学", "澜城区", "石桥镇"},
		{"栖云县实验小学", "栖云县", ""},
		{"栖云县城关第一小学", "栖云县", ""},
		{"甲县乡村小学", "甲县", ""}, // 乡村 is not a township
		{"澜溪市第三中学", "澜城区", ""},
	} {
		s := &School{Name: tc.name, CountyName: tc.county}
		if got := s.Township(); got != tc.want {
			t.Errorf("%s in %s: %q, want %q", tc.name, tc.county, got, tc.want)
		}
	}
}
