package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
)

// status maps an error code to an HTTP status. Only this package does that.
func status(code app.Code) int {
	switch code {
	case app.Invalid:
		return http.StatusUnprocessableEntity
	case app.NotFound:
		return http.StatusNotFound
	case app.Conflict:
		return http.StatusConflict
	case app.Forbidden:
		return http.StatusForbidden
	case app.Unauthenticated:
		return http.StatusUnauthorized
	case app.TooManyRequests:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

func (s *Server) logInternal(r *http.Request, err error) {
	if app.ErrorCode(err) == app.Internal {
		s.log.Error("internal error", "request_id", app.RequestIDFrom(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// writeJSON writes v with status, encoded whole first so that it goes
// out with its length in one write rather than in chunks.
func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := getBuffer()
	defer putBuffer(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// apiFail writes err as the API's JSON error.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	s.logInternal(r, err)
	code := app.ErrorCode(err)
	var body apiError
	body.Error.Code = string(code)
	body.Error.Message = app.ErrorMessage(err, "zh")
	var e *app.Error
	if errors.As(err, &e) && code != app.Internal {
		body.Error.Fields = e.Fields
	}
	st := status(code)
	if errors.Is(err, errNotJSON) {
		st = http.StatusUnsupportedMediaType
	}
	writeJSON(w, st, body)
}

// errNotJSON refuses a body sent without the JSON media type; the API
// answers it 415, not 422.
var errNotJSON = app.Errorf(app.Invalid, "请求体应为 JSON，请设置 Content-Type: application/json",
	"The request body must be JSON: set Content-Type: application/json")

// maxJSONBody bounds API request bodies.
const maxJSONBody = 1 << 20

// decodeJSON reads a JSON request body into v, strictly.
func decodeJSON(r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return errNotJSON
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return app.Errorf(app.Invalid, "请求体只能包含一个 JSON 对象", "The request body must hold a single JSON object")
	}
	return nil
}

// jsonError says in Chinese what is wrong with a request body.
func jsonError(err error) error {
	var (
		ae  *app.Error
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	msg := err.Error()
	switch {
	case errors.Is(err, io.EOF):
		return app.Errorf(app.Invalid, "请求体为空，应为 JSON 对象", "The request body is empty; a JSON object is expected")
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &app.Error{Code: app.Invalid, Message: "请求体不完整：JSON 提前结束", English: "The request body ends in the middle of its JSON", Err: err}
	case errors.As(err, &syn):
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("请求体不是有效的 JSON（第%d个字节附近）", syn.Offset),
			English: fmt.Sprintf("The request body is not valid JSON (near byte %d)", syn.Offset), Err: err}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "请求体"
		}
		want, wantEn := jsonKind(typ.Type.Kind())
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("字段 %s 应为%s", field, want),
			English: fmt.Sprintf("The field %s must be %s", field, wantEn), Fields: map[string]string{field: "invalid"}, Err: err}
	case strings.HasPrefix(msg, "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return &app.Error{Code: app.Invalid, Message: "未知字段 " + name, English: "Unknown field " + name,
			Fields: map[string]string{name: "unknown"}, Err: err}
	}
	return &app.Error{Code: app.Invalid, Message: "请求体不是有效的 JSON：" + msg, English: "The request body is not valid JSON: " + msg, Err: err}
}

// jsonKind names what a JSON value of kind k must be.
func jsonKind(k reflect.Kind) (string, string) {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数", "an integer"
	case reflect.Float32, reflect.Float64:
		return "数字", "a number"
	case reflect.Bool:
		return "true 或 false", "true or false"
	case reflect.String:
		return "文本（带引号）", "text (quoted)"
	case reflect.Slice, reflect.Array:
		return "列表 [...]", "a list [...]"
	}
	return "对象 {...}", "an object {...}"
}

// pathID parses the {name} path value as a positive id; anything else is
// answered as not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, app.ErrNotFound("")
	}
	return id, nil
}

// pathIDs reads the record {id} and the one under it named inner
// ("session" in /classes/{id}/sessions/{session}).
func pathIDs(r *http.Request, inner string) (id, innerID int64, err error) {
	if id, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	innerID, err = pathID(r, inner)
	return id, innerID, err
}

// queryInt parses a query or form integer; empty gives def.
func queryInt(r *http.Request, name string, def int) (int, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, &app.Error{Code: app.Invalid, Message: "参数 " + name + " 应为整数：" + v, English: "Parameter " + name + " must be an integer: " + v,
			Fields: map[string]string{name: "invalid"}}
	}
	return n, nil
}

// queryID parses an optional id parameter.
func queryID(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, &app.Error{Code: app.Invalid, Message: "参数 " + name + " 应为编号：" + v, English: "Parameter " + name + " must be an id: " + v,
			Fields: map[string]string{name: "invalid"}}
	}
	return n, nil
}

// queryCountySchool reads a listing's ?county= and ?school=, both optional.
func queryCountySchool(r *http.Request) (county, school int64, err error) {
	if county, err = queryID(r, "county"); err != nil {
		return 0, 0, err
	}
	school, err = queryID(r, "school")
	return county, school, err
}

// paging reads page (1-based) and per_page, within limits.
func paging(r *http.Request, defPer int) (page, per int, err error) {
	if page, err = queryInt(r, "page", 1); err != nil {
		return 0, 0, err
	}
	if per, err = queryInt(r, "per_page", defPer); err != nil {
		return 0, 0, err
	}
	if page < 1 {
		page = 1
	}
	if per < 1 || per > 500 {
		per = defPer
	}
	return page, per, nil
}

// formAction runs a page form's action on the {id} of the path: on success
// it redirects to target(id) with a flash message; on failure again shows
// the page once more with the error.
func formAction(w http.ResponseWriter, r *http.Request, msg string, target func(id int64) string,
	act func(id int64) error, again func(err error) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := act(id); err != nil {
		return again(err)
	}
	return redirect(w, r, target(id), msg)
}

// apiByID answers …/{id} with what find returns for the id: a read, or a
// change that takes no body (filing an allocation).
func apiByID[T any](w http.ResponseWriter, r *http.Request, find func(ctx context.Context, id int64) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := find(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// apiWrite decodes the JSON body for the record {id}, acts, and answers
// status with the result.
func apiWrite[In, Out any](w http.ResponseWriter, r *http.Request, status int, act func(ctx context.Context, id int64, in In) (Out, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in In
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := act(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, status, out)
	return nil
}

// apiBody decodes the JSON body, acts on it, and answers status with the
// result.
func apiBody[In, Out any](w http.ResponseWriter, r *http.Request, status int, act func(ctx context.Context, in In) (Out, error)) error {
	var in In
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := act(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, status, out)
	return nil
}

// noContent answers a change with 204, or returns its error.
func noContent(w http.ResponseWriter, err error) error {
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// list is the JSON body of every API listing.
type list[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}
