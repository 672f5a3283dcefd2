// Package ui holds the embedded templates and static assets of the web
// pages: templates/layout (the frame), templates/partials (shared pieces),
// templates/pages (one file per page), and static/ (CSS, script, icons).
package ui

import "embed"

// Templates are the HTML templates.
//
//go:embed templates
var Templates embed.FS

// Static are the assets served under /static/.
//
//go:embed static
var Static embed.FS
