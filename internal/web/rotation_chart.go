package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// chart is an SVG drawn on the server: no script, no external fetch, styled
// by classes of app.css so the content security policy holds.
type chart = template.HTML

// bar is one row of a bar chart: a percentage against its target.
type bar struct {
	Label  string
	Value  float64 // percent
	Target float64 // percent; 0 for none
	Good   bool
	Note   string // e.g. "6/17"
	Href   string
}

// barChart draws horizontal bars, green where the target is met and red
// where not, with the target as a tick; rows with Href are links.
func barChart(lang, title string, bars []bar) chart {
	if len(bars) == 0 {
		return ""
	}
	const w, labelW, noteW, rowH, top = 640.0, 170.0, 110.0, 30.0, 8.0
	barW := w - labelW - noteW
	scale := 10.0
	for _, b := range bars {
		scale = math.Max(scale, math.Max(b.Value, b.Target))
	}
	scale = math.Ceil(scale/10) * 10
	h := top + rowH*float64(len(bars)) + 22
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<svg class="rot-chart" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, esc(translate(lang, title)))
	fmt.Fprintf(&sb, `<title>%s</title>`, esc(translate(lang, title)))
	for i, b := range bars {
		y := top + rowH*float64(i)
		cls := "rot-bad"
		if b.Good {
			cls = "rot-good"
		}
		if b.Href != "" {
			fmt.Fprintf(&sb, `<a href="%s">`, esc(b.Href))
		}
		fmt.Fprintf(&sb, `<text class="rot-label" x="%.0f" y="%.1f" text-anchor="end">%s</text>`, labelW-8, y+rowH/2+5, esc(clip(b.Label, 10)))
		fmt.Fprintf(&sb, `<rect class="rot-track" x="%.0f" y="%.1f" width="%.1f" height="%.1f"></rect>`, labelW, y+6, barW, rowH-12)
		fmt.Fprintf(&sb, `<rect class="%s" x="%.0f" y="%.1f" width="%.1f" height="%.1f"></rect>`, cls, labelW, y+6, barW*math.Min(b.Value, scale)/scale, rowH-12)
		if b.Target > 0 {
			x := labelW + barW*math.Min(b.Target, scale)/scale
			fmt.Fprintf(&sb, `<line class="rot-target" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"></line>`, x, x, y+2, y+rowH-2)
		}
		fmt.Fprintf(&sb, `<text class="rot-note" x="%.0f" y="%.1f">%.1f%% · %s</text>`, labelW+barW+8, y+rowH/2+5, b.Value, esc(b.Note))
		if b.Href != "" {
			sb.WriteString(`</a>`)
		}
	}
	axisY := top + rowH*float64(len(bars)) + 16
	for _, t := range []float64{0, scale / 2, scale} {
		fmt.Fprintf(&sb, `<text class="rot-axis" x="%.1f" y="%.1f" text-anchor="middle">%.0f%%</text>`, labelW+barW*t/scale, axisY, t)
	}
	sb.WriteString(`</svg>`)
	return chart(sb.String())
}

// stackChart draws one stacked bar of parts (e.g. rotations by direction)
// with a legend.
func stackChart(lang, title string, labels []string, values []int) chart {
	total := 0
	for _, v := range values {
		total += v
	}
	if total == 0 {
		return ""
	}
	const w, barH = 640.0, 26.0
	legendRows := (len(labels) + 1) / 2
	h := barH + 12 + 22*float64(legendRows)
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<svg class="rot-chart" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		w, h, esc(translate(lang, title)), esc(translate(lang, title)))
	x := 0.0
	for i, v := range values {
		width := w * float64(v) / float64(total)
		fmt.Fprintf(&sb, `<rect class="rot-part rot-part-%d" x="%.1f" y="0" width="%.1f" height="%.0f"></rect>`, i, x, width, barH)
		x += width
	}
	for i, l := range labels {
		lx, ly := float64(i%2)*w/2, barH+12+22*float64(i/2)
		fmt.Fprintf(&sb, `<rect class="rot-part rot-part-%d" x="%.0f" y="%.0f" width="14" height="14"></rect>`, i, lx, ly)
		fmt.Fprintf(&sb, `<text class="rot-label" x="%.0f" y="%.0f">%s：%d</text>`, lx+20, ly+12, esc(l), values[i])
	}
	sb.WriteString(`</svg>`)
	return chart(sb.String())
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// canManageCounty reports whether the actor runs a county's rotation.
func canManageCounty(r *http.Request, cityID, countyID int64) bool {
	return auth.Decide(app.ActorOf(r.Context()), auth.RotationManage, app.Place{CityID: cityID, CountyID: countyID}, "") == nil
}
