package web

import (
	"fmt"
	"html/template"
	"strings"

	qrcode "github.com/piglig/go-qr"

	"jiaoliu/internal/app"
)

// qrImage is a QR code drawn as an inline SVG, so that a printed
// certificate carries its verification address without any image file.
type qrImage struct {
	SVG template.HTML
}

// newQR encodes text (medium error correction) and draws it with a quiet
// zone of four modules.
func newQR(text string) (*qrImage, error) {
	q, err := qrcode.EncodeText(text, qrcode.Medium)
	if err != nil {
		return nil, app.Wrap("web.newQR", err)
	}
	const border = 4
	n := q.Size() + 2*border
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y := range q.Size() {
		for x := range q.Size() {
			if q.Module(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+border, y+border)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	// The SVG holds nothing but numbers written here.
	return &qrImage{SVG: template.HTML(b.String())}, nil
}
