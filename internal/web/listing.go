package web

import (
	"context"
	"net/http"
)

// readListing reads a listing's filter from the request and the page asked
// for (per_page rows, defPer unless given; see paging), and finds that
// page: limit puts the page's offset and size into the filter. Pages and
// the API read a listing alike through it.
func readListing[F, T any](r *http.Request, defPer int, filter func(*http.Request) (F, error), limit func(f *F, offset, n int),
	find func(context.Context, F) ([]T, int, error)) (F, list[T], error) {
	f, err := filter(r)
	if err != nil {
		return f, list[T]{}, err
	}
	page, per, err := paging(r, defPer)
	if err != nil {
		return f, list[T]{}, err
	}
	limit(&f, (page-1)*per, per)
	items, total, err := find(r.Context(), f)
	if err != nil {
		return f, list[T]{}, err
	}
	return f, list[T]{Items: items, Total: total, Page: page, PerPage: per}, nil
}
