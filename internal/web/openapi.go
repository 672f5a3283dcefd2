package web

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes the JSON API. A test keeps its paths and methods in
// step with the route table.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}
