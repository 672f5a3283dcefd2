package app

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an Error. Only the web layer maps codes to HTTP statuses.
type Code string

// The error codes. Every failure a user can see carries one of them.
const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Forbidden       Code = "forbidden"
	Unauthenticated Code = "unauthenticated"
	TooManyRequests Code = "too_many_requests"
	Internal        Code = "internal"
)

// Error is the application's error: a code, a message safe to show users
// (Chinese first, English second), the operation that failed, and the
// wrapped cause, which is logged but never shown.
type Error struct {
	Code    Code
	Message string // Chinese, shown to users
	English string // English, shown when the UI is in English; empty means Message
	Op      string
	Err     error
	// Fields names the offending input fields, for forms that mark them.
	Fields map[string]string
}

func (e *Error) Error() string {
	var s string
	if e.Op != "" {
		s = e.Op + ": "
	}
	s += string(e.Code)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with a Chinese and an English message.
func Errorf(code Code, zh, en string) *Error {
	return &Error{Code: code, Message: zh, English: en}
}

// Wrap returns an internal error for op with cause err. A nil err gives nil.
// An *Error found in err's chain keeps its code and message.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return &Error{Code: e.Code, Message: e.Message, English: e.English, Fields: e.Fields, Op: op, Err: err}
	}
	return &Error{Code: Internal, Op: op, Err: err}
}

// Internalf returns an internal error for op with a formatted cause.
func Internalf(op, format string, args ...any) error {
	return &Error{Code: Internal, Op: op, Err: fmt.Errorf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, Internal
// when there is none, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the user-facing message of err in the language lang
// ("zh" or "en"). Internal errors never reveal their cause.
func ErrorMessage(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal && e.Message != "" {
		if lang == "en" && e.English != "" {
			return e.English
		}
		return e.Message
	}
	if lang == "en" {
		return "Internal error; it has been logged."
	}
	return "系统内部错误，已记录，请稍后重试。"
}

// ErrNotFound is the shared "not found" error: absent and out of scope
// answer alike.
func ErrNotFound(what string) *Error {
	return &Error{Code: NotFound, Message: "未找到" + what, English: "Not found"}
}

// Fields collects what is wrong with a form, field by field, into one
// Invalid error whose messages list every problem.
type Fields struct {
	zh, en []string
	fields map[string]string
}

// Add records a problem with field.
func (f *Fields) Add(field, zh, en string) {
	if f.fields == nil {
		f.fields = map[string]string{}
	}
	f.fields[field] = "invalid"
	f.zh = append(f.zh, zh)
	f.en = append(f.en, en)
}

// Err returns the problems as one error, or nil when there are none.
func (f *Fields) Err() error {
	if len(f.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: strings.Join(f.zh, "；"), English: strings.Join(f.en, "; "), Fields: f.fields}
}

// InvalidValue is the error for a parameter whose value is not one of those allowed.
func InvalidValue(name, value string) error {
	return &Error{Code: Invalid, Message: "参数 " + name + " 的值无效：" + value, English: "Invalid value for " + name + ": " + value,
		Fields: map[string]string{name: "invalid"}}
}

// NotFoundField is the error for a field naming a record that does not
// exist or lies outside the actor's scope: an invalid input, not a missing page.
func NotFoundField(field, what string) error {
	return &Error{Code: Invalid, Message: "未找到" + what, English: "Not found: " + field, Fields: map[string]string{field: "not_found"}}
}
