package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

const userUsage = `用法 / usage:
  jiaoliu user create --username NAME --name 姓名 [--role ROLE --scope SCOPE] [--password P | --password-stdin]
  jiaoliu user disable --username NAME
  jiaoliu user enable  --username NAME
  jiaoliu user reset   --username NAME [--password P | --password-stdin]
ROLE: admin, city, county_hr, coordinator, school_admin, mentor, participant, reviewer
SCOPE: global, city:名称, county:名称, school:学校代码
没有给出密码时生成随机密码并显示一次。/ Without a password, a random one is made and shown once.`

func runUser(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		return usageError("%s", userUsage)
	}
	verb := args[0]
	fs := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	db := addDBFlags(fs, env)
	username := fs.String("username", "", "用户名 / user name")
	var name, role, scope, password *string
	var fromStdin, fullID *bool
	switch verb {
	case "create":
		name = fs.String("name", "", "姓名 / display name")
		role = fs.String("role", "", "角色 / role")
		scope = fs.String("scope", "global", "范围 / scope")
		fullID = fs.Bool("full-id", false, "可查看完整身份证号 / may reveal full ID numbers")
		fallthrough
	case "reset":
		password = fs.String("password", "", "密码 / password")
		fromStdin = fs.Bool("password-stdin", false, "从标准输入读取密码 / read the password from stdin")
	case "disable", "enable":
	default:
		return usageError("%s", userUsage)
	}
	if err := parse(fs, args[1:], env); err != nil {
		return err
	}
	if *username == "" {
		return usageError("缺少 --username / --username is required")
	}
	generated := false
	if password != nil {
		switch {
		case *fromStdin:
			line, err := bufio.NewReader(env.stdin).ReadString('\n')
			if err != nil && line == "" {
				return usageError("无法从标准输入读取密码 / cannot read the password from stdin")
			}
			*password = strings.TrimRight(line, "\r\n")
		case *password == "":
			*password, generated = randomPassword(), true
		}
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	ctx = shellContext(ctx, env)
	u, err := s.db.FindUserByUsername(ctx, auth.NormalizeUsername(*username))
	if err != nil && !(verb == "create" && app.ErrorCode(err) == app.NotFound) {
		return err
	}
	switch verb {
	case "create":
		if u != nil {
			return app.Errorf(app.Conflict, "用户名 "+u.Username+" 已被使用", "The user name "+u.Username+" is taken")
		}
		var g app.Grant
		if *role != "" {
			if g, err = shellGrant(ctx, s, *role, *scope, *fullID); err != nil {
				return err
			}
		}
		in := auth.UserCreate{Username: *username, DisplayName: *name, Password: *password}
		if g.Role != "" {
			in.CountyID, in.SchoolID = g.Place.CountyID, g.Place.SchoolID
		}
		created, err := s.auth.CreateUser(ctx, in)
		if err != nil {
			return err
		}
		if g.Role != "" {
			if _, err := s.auth.AddGrant(ctx, created.ID, g); err != nil {
				return err
			}
		}
		fmt.Fprintf(env.stdout, "已创建账号 %s / account created\n", created.Username)
	case "disable", "enable":
		if err := s.auth.SetDisabled(ctx, u.ID, verb == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "账号 %s 已%s / account %sd\n", u.Username, map[string]string{"disable": "停用", "enable": "启用"}[verb], verb)
	case "reset":
		if err := s.auth.ResetPassword(ctx, u.ID, *password); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "账号 %s 的密码已重置 / password reset\n", u.Username)
	}
	if generated {
		fmt.Fprintf(env.stdout, "密码 / password: %s\n", *password)
	}
	return nil
}

// shellGrant resolves a --role and --scope given by name at the shell.
func shellGrant(ctx context.Context, s *services, role, scope string, fullID bool) (app.Grant, error) {
	g := app.Grant{Role: role, FullID: fullID}
	kind, name, _ := strings.Cut(scope, ":")
	g.ScopeKind = kind
	switch kind {
	case auth.ScopeGlobal:
	case auth.ScopeCity:
		cities, err := s.db.FindCities(ctx)
		if err != nil {
			return g, err
		}
		for _, c := range cities {
			if c.Name == name {
				g.ScopeID = c.ID
			}
		}
		if g.ScopeID == 0 {
			return g, app.Errorf(app.NotFound, "没有名为 "+name+" 的市", "No city named "+name)
		}
	case auth.ScopeCounty:
		c, err := s.db.FindCountyByName(ctx, name)
		if err != nil {
			return g, err
		}
		g.ScopeID = c.ID
	case auth.ScopeSchool:
		sc, err := s.db.FindSchoolByCode(ctx, name)
		if err != nil {
			return g, err
		}
		g.ScopeID = sc.ID
	default:
		return g, usageError("范围应为 global、city:名称、county:名称 或 school:学校代码 / bad --scope %q", scope)
	}
	p, _, err := s.db.ScopePlace(ctx, g.ScopeKind, g.ScopeID)
	g.Place = p
	return g, err
}

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
