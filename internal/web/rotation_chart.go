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
// where not, with the target as a tick; rows with Href are links. The
// labels and figures are HTML text, so that they keep their size on a
// phone; only the bars are drawn.
func barChart(lang, title string, bars []bar) chart {
	if len(bars) == 0 {
		return ""
	}
	scale := 10.0
	for _, b := range bars {
		scale = math.Max(scale, math.Max(b.Value, b.Target))
	}
	scale = math.Ceil(scale/10) * 10
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<div class="rot-chart rot-bars" role="figure" aria-label="%s">`, esc(translate(lang, title)))
	for _, b := range bars {
		cls := "rot-bad"
		if b.Good {
			cls = "rot-good"
		}
		label := esc(b.Label)
		if b.Href != "" {
			label = fmt.Sprintf(`<a href="%s">%s</a>`, esc(b.Href), label)
		}
		fmt.Fprintf(&sb, `<div class="rot-bar-row"><span class="rot-label">%s</span>`, label)
		sb.WriteString(`<svg class="rot-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">`)
		fmt.Fprintf(&sb, `<rect class="rot-track" x="0" y="0" width="100" height="10"></rect><rect class="%s" x="0" y="0" width="%.2f" height="10"></rect>`,
			cls, 100*math.Min(b.Value, scale)/scale)
		if b.Target > 0 {
			x := 100 * math.Min(b.Target, scale) / scale
			fmt.Fprintf(&sb, `<line class="rot-target" x1="%.2f" x2="%.2f" y1="0" y2="10" vector-effect="non-scaling-stroke"></line>`, x, x)
		}
		fmt.Fprintf(&sb, `</svg><span class="rot-note">%.1f%% · %s</span></div>`, b.Value, esc(b.Note))
	}
	fmt.Fprintf(&sb, `<div class="rot-bar-row rot-axis" aria-hidden="true"><span></span><span class="rot-ticks"><span>0%%</span><span>%.0f%%</span><span>%.0f%%</span></span><span></span></div>`,
		scale/2, scale)
	sb.WriteString(`</div>`)
	return chart(sb.String())
}

// stackChart draws one stacked bar of parts (e.g. rotations by direction)
// with a legend in HTML text, readable on a phone.
func stackChart(lang, title string, labels []string, values []int) chart {
	total := 0
	for _, v := range values {
		total += v
	}
	if total == 0 {
		return ""
	}
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<div class="rot-chart rot-stack" role="figure" aria-label="%s">`, esc(translate(lang, title)))
	sb.WriteString(`<svg class="rot-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">`)
	x := 0.0
	for i, v := range values {
		width := 100 * float64(v) / float64(total)
		fmt.Fprintf(&sb, `<rect class="rot-part rot-part-%d" x="%.2f" y="0" width="%.2f" height="10"></rect>`, i, x, width)
		x += width
	}
	sb.WriteString(`</svg><ul class="rot-legend">`)
	for i, l := range labels {
		fmt.Fprintf(&sb, `<li><span class="rot-swatch rot-part-%d"></span>%s：%d</li>`, i, esc(l), values[i])
	}
	sb.WriteString(`</ul></div>`)
	return chart(sb.String())
}

// canManageCounty reports whether the actor runs a county's rotation.
func canManageCounty(r *http.Request, cityID, countyID int64) bool {
	return auth.Decide(app.ActorOf(r.Context()), auth.RotationManage, app.Place{CityID: cityID, CountyID: countyID}, "") == nil
}
