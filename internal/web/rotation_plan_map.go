package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"jiaoliu/internal/planning"
)

// planMap draws a plan's schools at their coordinates and its moves as
// arrows, on the server: dots are urban (城区) or rural (镇区、乡村) by colour,
// weak schools (薄弱学校) ringed; backbone teachers' moves stand out. North is
// up; a bar gives the scale.
func planMap(lang string, d *planning.MapData) chart {
	if d == nil || len(d.Schools) == 0 {
		return ""
	}
	const w, pad = 640.0, 24.0
	dx, dy := math.Max(d.MaxX-d.MinX, 1), math.Max(d.MaxY-d.MinY, 1)
	plotW := w - 2*pad
	scale := plotW / dx
	plotH := dy * scale
	if plotH > 560 {
		scale = 560 / dy
		plotH = 560
	}
	plotH = math.Max(plotH, 160)
	h := plotH + 2*pad
	x := func(v float64) float64 { return pad + (v-d.MinX)*scale + (plotW-dx*scale)/2 }
	y := func(v float64) float64 { return pad + plotH - (v-d.MinY)*scale - (plotH-dy*scale)/2 }
	esc := template.HTMLEscapeString
	title := translate(lang, "学校与调动示意图")
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="plan-map" id="plan-map" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, esc(title))
	fmt.Fprintf(&sb, `<title>%s</title>`, esc(title))
	sb.WriteString(`<defs><marker id="pm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">` +
		`<path class="pm-arrow" d="M0,0 L10,5 L0,10 z"></path></marker>` +
		`<marker id="pm-arrow-bb" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">` +
		`<path class="pm-arrow-bb" d="M0,0 L10,5 L0,10 z"></path></marker></defs>`)
	fmt.Fprintf(&sb, `<rect class="pm-ground" x="0" y="0" width="%.0f" height="%.1f"></rect>`, w, plotH+2*pad)
	for _, m := range d.Moves {
		x1, y1, x2, y2 := x(m.X1), y(m.Y1), x(m.X2), y(m.Y2)
		// Stop short of the dot, so the arrow head shows.
		if l := math.Hypot(x2-x1, y2-y1); l > 12 {
			x2, y2 = x2-(x2-x1)*7/l, y2-(y2-y1)*7/l
		}
		cls, marker := "pm-move", "pm-arrow"
		if m.Backbone {
			cls, marker = "pm-move pm-bb", "pm-arrow-bb"
		}
		fmt.Fprintf(&sb, `<line class="%s" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" marker-end="url(#%s)"><title>%s</title></line>`,
			cls, x1, y1, x2, y2, marker, esc(m.Label))
	}
	for _, sc := range d.Schools {
		cls := "pm-urban"
		if sc.Rural {
			cls = "pm-rural"
		}
		if sc.Weak {
			cls += " pm-weak"
		}
		r := 3.5
		if sc.Moves > 0 {
			r = 5
		}
		fmt.Fprintf(&sb, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f"><title>%s（%s）</title></circle>`, cls, x(sc.X), y(sc.Y), r,
			esc(sc.Name), esc(sc.Code))
	}
	// The scale: a round number of kilometres near a fifth of the width.
	km := 1.0
	for _, step := range []float64{1, 2, 5, 10, 20, 50, 100} {
		if step*scale <= plotW/4 {
			km = step
		}
	}
	sy := plotH + 2*pad - 8
	fmt.Fprintf(&sb, `<line class="pm-scale" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"></line>`, pad, sy, pad+km*scale, sy)
	fmt.Fprintf(&sb, `<text class="pm-text" x="%.1f" y="%.1f">%g km</text>`, pad+km*scale+6, sy+4, km)
	fmt.Fprintf(&sb, `<text class="pm-text" x="%.1f" y="%.1f" text-anchor="end">N ↑</text>`, w-pad, pad)
	sb.WriteString(`</svg>`)
	// The legend, as HTML text that keeps its size on a phone.
	sb.WriteString(`<ul class="rot-legend pm-legend" id="plan-map-legend">`)
	items := []struct{ cls, label string }{{"pm-urban", "城区学校"}, {"pm-rural", "镇区、乡村学校"}, {"pm-rural pm-weak", "薄弱学校"}}
	for _, it := range items {
		fmt.Fprintf(&sb, `<li><svg class="plan-map pm-key" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><circle class="%s" cx="8" cy="8" r="5"></circle></svg>%s</li>`,
			it.cls, esc(translate(lang, it.label)))
	}
	for _, it := range []struct{ cls, label string }{{"pm-move", "调动"}, {"pm-move pm-bb", "骨干教师调动"}} {
		fmt.Fprintf(&sb, `<li><svg class="plan-map pm-key" viewBox="0 0 28 16" width="28" height="16" aria-hidden="true"><line class="%s" x1="2" y1="8" x2="26" y2="8"></line></svg>%s</li>`,
			it.cls, esc(translate(lang, it.label)))
	}
	sb.WriteString(`</ul>`)
	return chart(sb.String())
}
