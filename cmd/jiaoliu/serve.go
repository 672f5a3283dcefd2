package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/demo"
	"jiaoliu/internal/web"
)

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	addr := fs.String("addr", envOr(env, "JIAOLIU_ADDR", "localhost:8080"), "监听地址 / listen address")
	withDemo := fs.Bool("demo", false, "在空数据库中载入演示城市 / load the demo city into an empty database")
	seed := fs.Int64("demo-seed", demo.DefaultSeed, "演示数据的随机种子 / seed of the demo data")
	secure := fs.Bool("secure-cookies", env.getenv("JIAOLIU_SECURE_COOKIES") == "1", "会话 Cookie 仅经 HTTPS 发送 / send the session cookie over HTTPS only")
	proxies := fs.String("trusted-proxy", env.getenv("JIAOLIU_TRUSTED_PROXY"),
		"可信反向代理的地址段（逗号分隔，如 10.0.0.0/8），其 X-Forwarded-For 给出客户端地址 / CIDRs of trusted reverse proxies whose X-Forwarded-For names the client")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	trusted, err := parseProxies(*proxies)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db.anchorLog = logger
	start := time.Now()
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()

	cfg := web.Config{Logger: logger, Clock: s.clock, Auth: s.auth, Org: s.org, People: s.people, Audit: s.audit,
		Roster: s.roster, Runs: s.runs, Health: s.db, Version: version(), SecureCookies: *secure, Rotation: s.rotation,
		Planning: s.planning, Programmes: s.programmes, Notify: s.notify, Notices: s.notices, Attachments: s.attachments,
		Secondment: s.secondment, Selection: s.selection, Training: s.training, Placement: s.placement, Appointment: s.appointment, Leave: s.leave, Completion: s.completion, Pairing: s.pairing, Staffing: s.staffing, TrustedProxies: trusted,
		Recruits: s.recruits, Allowances: s.allowances, Housing: s.housing, Inspections: s.inspections,
		Contacts: s.contacts, Return: s.returns}
	if *withDemo {
		if err := demo.Ensure(ctx, s.demo(), *seed); err != nil {
			return err
		}
		if cfg.DemoAccounts, err = demoLogins(ctx, s); err != nil {
			return err
		}
		cfg.DemoPassword = demo.Password
	}
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return &app.Error{Code: app.Invalid, Message: "无法监听 " + *addr, English: "cannot listen on " + *addr, Err: err}
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 1 << 20,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(env.stdout, "jiaoliu %s 已启动 / listening: %s （数据库 %s，启动用时 %s）\n", version(), url, s.db, time.Since(start).Round(time.Millisecond))
	if *withDemo {
		fmt.Fprintf(env.stdout, "演示账号 / demo accounts (密码 password: %s):\n", demo.Password)
		for _, a := range cfg.DemoAccounts {
			fmt.Fprintf(env.stdout, "  %-13s %s · %s\n", a.Username, auth.Roles.Label(a.Role, "zh"), a.Scope)
		}
	}
	logger.Info("serving", "addr", ln.Addr().String(), "db", s.db.String(), "startup_ms", time.Since(start).Milliseconds())

	stopQueue, err := s.startQueue(ctx, logger)
	if err != nil {
		return err
	}
	defer stopQueue()
	go sweepSessions(ctx, s, logger)
	defer anchorAudit(ctx, s, logger)()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return app.Wrap("serve", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return app.Wrap("serve shutdown", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return app.Wrap("serve", err)
	}
	return nil
}

// parseProxies reads --trusted-proxy: CIDRs or single addresses, comma-separated.
func parseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			ip, ierr := netip.ParseAddr(f)
			if ierr != nil {
				return nil, usageError("--trusted-proxy 应为地址段，如 10.0.0.0/8：%q / --trusted-proxy takes CIDRs", f)
			}
			p = netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func envOr(env *environment, key, def string) string {
	if v := env.getenv(key); v != "" {
		return v
	}
	return def
}

// demoLogins lists the demo accounts for the login page and the start-up
// message.
func demoLogins(ctx context.Context, s *services) ([]web.DemoAccount, error) {
	logins, err := demo.Logins(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := make([]web.DemoAccount, len(logins))
	for i, l := range logins {
		out[i] = web.DemoAccount{Username: l.Username, Role: l.Role, Scope: l.Scope}
	}
	return out, nil
}

// anchorAudit records the audit chain's head in the anchor file every few
// seconds while it moves, until the returned stop is called.
func anchorAudit(ctx context.Context, s *services, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		failed := ""
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			err := s.audit.Anchor(ctx)
			switch {
			case err == nil:
				failed = ""
			case ctx.Err() != nil:
				return
			case err.Error() != failed:
				// Once per fault, not every tick.
				failed = err.Error()
				logger.Error("audit anchor", "err", err)
			}
		}
	}()
	return func() { cancel(); <-done }
}

// sweepSessions removes expired sessions and old login failures now and then.
func sweepSessions(ctx context.Context, s *services, logger *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := s.clock.Now()
			if err := s.db.DeleteExpiredSessions(ctx, now.Add(-auth.IdleTimeout), now.Add(-auth.AbsoluteTimeout), now.Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
				logger.Error("session sweep", "err", err)
			}
		}
	}
}
