package notify_test

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// mailServer is a small SMTP server on the loopback: it takes AUTH PLAIN,
// refuses the first fail messages with a temporary error, and keeps the rest.
type mailServer struct {
	addr string
	mu   sync.Mutex
	fail int
	auth []string
	msgs []mail
}

type mail struct {
	to   string
	data string
}

func startMail(t *testing.T, fail int) *mailServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &mailServer{addr: ln.Addr().String(), fail: fail}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *mailServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { c.Write([]byte(line + "\r\n")) }
	say("220 localhost ESMTP test")
	var to string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			say("250-localhost")
			say("250 AUTH PLAIN")
		case "AUTH":
			s.mu.Lock()
			s.auth = append(s.auth, line)
			s.mu.Unlock()
			say("235 2.7.0 Authentication successful")
		case "MAIL":
			s.mu.Lock()
			failing := s.fail > 0
			if failing {
				s.fail--
			}
			s.mu.Unlock()
			if failing {
				say("451 4.3.0 try again later")
				continue
			}
			say("250 OK")
		case "RCPT":
			to = strings.Trim(strings.TrimPrefix(line[len("RCPT TO:"):], " "), "<>")
			say("250 OK")
		case "DATA":
			say("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, mail{to: to, data: b.String()})
			s.mu.Unlock()
			say("250 OK queued")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("250 OK")
		}
	}
}

func (s *mailServer) messages() []mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mail(nil), s.msgs...)
}

// robotServer is a group robot's webhook on the loopback: it fails the
// first fail posts with a server error and answers the rest as WeCom does.
type robotServer struct {
	*httptest.Server
	mu     sync.Mutex
	fail   int
	posts  int
	bodies []string
}

func startRobot(t *testing.T, fail int) *robotServer {
	t.Helper()
	s := &robotServer{fail: fail}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := r.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.posts++
		if s.fail > 0 {
			s.fail--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		s.bodies = append(s.bodies, b.String())
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *robotServer) received() (posts int, bodies []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts, append([]string(nil), s.bodies...)
}
