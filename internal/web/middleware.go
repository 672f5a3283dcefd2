package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"jiaoliu/internal/app"
)

// Cookie names.
const (
	sessionCookie = "jiaoliu_session"
	langCookie    = "jiaoliu_lang"
	// deviceCookie marks a browser that signed in before (see auth.Attempt).
	deviceCookie = "jiaoliu_device"
)

// handlerFunc is a route handler; a returned error is answered by the route's
// kind: JSON for the API, a page otherwise.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// buildHandler assembles the mux and the middleware around it.
func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	var h http.Handler = s.unrouted(mux)
	h = s.refuseBadText(h)
	h = s.authenticate(h)
	h = admitReads(s.cfg.ReadSlots, h)
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.logRequests(h)
	return h
}

// statusWriter records the status written, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// logRequests gives each request an id, recovers panics, and logs one line
// per request. Query strings are not logged: they may carry search words.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		r = r.WithContext(app.WithRequestID(r.Context(), id))
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", id)
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "系统内部错误 / Internal error", http.StatusInternalServerError)
				}
			}
			s.log.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", sw.status, "bytes", sw.bytes, "ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders keeps pages to their own origin: no external fetches, no
// inline script, no framing.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages and API answers carry personal data: no cache, shared
			// or private, keeps a copy.
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("cross-origin request refused", "request_id", app.RequestIDFrom(r.Context()), "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"))
	err := app.Errorf(app.Forbidden, "跨站请求已被拒绝", "Cross-origin request refused")
	if isAPI(r) {
		s.apiFail(w, r, err)
		return
	}
	s.renderError(w, r, err)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// clientAddr is the address of the request's client: the peer's, or,
// when the peer is a trusted proxy (Config.TrustedProxies), the rightmost
// address of X-Forwarded-For that is not a trusted proxy. X-Forwarded-For
// is never read otherwise: anyone can write it.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		ip, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return host // a hop we cannot read: stop at the last proxy we trust
		}
		if !s.trusted(ip.String()) {
			return ip.Unmap().String()
		}
		host = ip.Unmap().String()
	}
	return host
}

// trusted reports whether addr is one of the trusted proxies.
func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// authenticate puts the session's actor, if any, into the request context.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isRead(r) {
			// A read asks for the counters its kept figures are kept
			// under (the session's, the bell's, the home page's) in one
			// round trip (app.Versions).
			r = r.WithContext(app.WithVersions(r.Context()))
		}
		c, err := r.Cookie(sessionCookie)
		if err == nil && c.Value != "" {
			actor, err := s.cfg.Auth.Authenticate(r.Context(), c.Value, s.clientAddr(r))
			switch {
			case err == nil:
				r = r.WithContext(app.WithActor(r.Context(), actor))
			case app.ErrorCode(err) == app.Unauthenticated:
				s.clearSession(w, r)
			default:
				s.logInternal(r, err)
				http.Error(w, "系统内部错误 / Internal error", http.StatusInternalServerError)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setSession(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || r.TLS != nil})
}

func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || r.TLS != nil})
}

// wrap adapts a route's handler: it refuses anonymous requests to private
// routes and answers errors as JSON or as a page.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.public && app.ActorOf(r.Context()) == nil {
			if rt.api {
				s.apiFail(w, r, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in"))
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in"))
			return
		}
		if err := rt.handler(w, r); err != nil {
			if rt.api {
				s.apiFail(w, r, err)
				return
			}
			if app.ErrorCode(err) == app.Unauthenticated && r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, err)
		}
	})
}

// unrouted answers requests no route takes: 405 with Allow when the path
// has routes for other methods, else 404, as JSON or a page.
func (s *Server) unrouted(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			err := &app.Error{Code: app.Invalid, Message: "不支持此请求方法：" + r.Method, English: "Method not allowed: " + r.Method}
			if isAPI(r) {
				var body apiError
				body.Error.Code, body.Error.Message = "method_not_allowed", err.Message
				writeJSON(w, http.StatusMethodNotAllowed, body)
				return
			}
			http.Error(w, err.Message, http.StatusMethodNotAllowed)
			return
		}
		s.notFound(w, r)
	})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	err := app.ErrNotFound("页面")
	if isAPI(r) {
		s.apiFail(w, r, err)
		return
	}
	s.renderError(w, r, err)
}
