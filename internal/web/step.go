package web

import "net/http"

// apiStep runs one step of the API on the {id} of the path: it decodes the
// body into T (none may be sent), runs act with the service, and answers
// with what act returns and the status.
func apiStep[S, T any](svc S, w http.ResponseWriter, r *http.Request, status int, act func(svc S, id int64, in T) (any, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in T
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	out, err := act(svc, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, status, out)
	return nil
}
