package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestAuditActionsNamed: every action the code base records in the audit
// log has a Chinese and an English name, so that the audit page shows no
// code. The actions are read from the source: each audit.Change literal's
// Action, followed through a variable or a parameter to the literals it
// takes; an action built from a prefix and a step is checked with every
// step the filter offers.
func TestAuditActionsNamed(t *testing.T) {
	codes := recordedActions(t, filepath.Join("..", ".."))
	if len(codes) < 40 {
		t.Fatalf("found only %d audit actions in the source: %v", len(codes), codes)
	}
	steps := auditStepCodes()
	for _, code := range codes {
		if strings.HasSuffix(code, ".") || strings.HasSuffix(code, "_") {
			n := 0
			for _, s := range steps {
				if strings.HasPrefix(s, code) && !strings.Contains(strings.TrimPrefix(s, code), ".") {
					n++
				}
			}
			if n == 0 {
				t.Errorf("the action prefix %q has no steps in auditStepCodes", code)
			}
			continue
		}
		for _, lang := range []string{"zh", "en"} {
			name, ok := auditActionName(lang, code)
			if !ok || name == code {
				t.Errorf("the audit action %q has no %s name", code, lang)
			}
		}
	}
	for _, code := range steps {
		zh, ok := auditActionName("zh", code)
		en, ok2 := auditActionName("en", code)
		if !ok || !ok2 || zh == en || strings.ContainsAny(zh, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("the step action %q is named %q / %q", code, zh, en)
		}
	}
	for _, e := range auditEntities {
		if auditEntityName("zh", e.Code) == e.Code || auditEntityName("en", e.Code) == e.Code {
			t.Errorf("the entity %q has no name", e.Code)
		}
	}
	if actorName("zh", "demo") != "演示数据" || actorName("en", "demo") != "Demo data" {
		t.Errorf("the demo loader is shown as %q", actorName("zh", "demo"))
	}
}

// recordedActions reads, from the Go source under root (tests aside), the
// audit actions the code records.
func recordedActions(t *testing.T, root string) []string {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// consts are the string constants declared at the top of a package.
	consts := map[string]string{}
	for _, f := range files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	seen := map[string]bool{}
	add := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(e.Value); err == nil && e.Kind == token.STRING {
				seen[s] = true
				return true
			}
		case *ast.BinaryExpr:
			if lit, ok := e.X.(*ast.BasicLit); ok && e.Op == token.ADD && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				seen[s] = true
				return true
			}
		}
		return false
	}
	for _, f := range files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				lit, ok := n.(*ast.CompositeLit)
				if !ok || !isAuditChange(lit.Type, f.Name.Name) {
					return true
				}
				for _, el := range lit.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok || kv.Key.(*ast.Ident).Name != "Action" {
						continue
					}
					if add(kv.Value) {
						continue
					}
					id, ok := kv.Value.(*ast.Ident)
					if ok && consts[id.Name] != "" {
						seen[consts[id.Name]] = true
						continue
					}
					if !ok || !followIdent(fn, id.Name, files, add) {
						t.Errorf("%s: cannot tell which actions %s records", fset.Position(kv.Pos()), fn.Name.Name)
					}
				}
				return true
			})
		}
	}
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func isAuditChange(e ast.Expr, pkg string) bool {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "audit" && e.Sel.Name == "Change"
	case *ast.Ident:
		return pkg == "audit" && e.Name == "Change"
	}
	return false
}

// followIdent finds the literals a variable of fn takes: those assigned to
// it in fn, or, for a parameter, those passed to fn by its callers.
func followIdent(fn *ast.FuncDecl, name string, files []*ast.File, add func(ast.Expr) bool) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == name && add(as.Rhs[i]) {
				found = true
			}
		}
		return true
	})
	index := -1
	i := 0
	for _, field := range fn.Type.Params.List {
		for _, n := range field.Names {
			if n.Name == name {
				index = i
			}
			i++
		}
	}
	if index < 0 {
		return found
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) <= index {
				return true
			}
			var callee string
			switch fun := call.Fun.(type) {
			case *ast.SelectorExpr:
				callee = fun.Sel.Name
			case *ast.Ident:
				callee = fun.Name
			}
			if callee == fn.Name.Name && add(call.Args[index]) {
				found = true
			}
			return true
		})
	}
	return found
}
