// Package health holds checks over the source tree itself: they keep true
// what issue 15 made true (no function a reader cannot hold without a reason
// written at its top, no file over the size limit outside the optimiser).
package health

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	// maxFuncLines is the longest a function may run without a reason.
	maxFuncLines = 120
	// maxFileLines is the longest a non-test, non-generated file may be
	// outside internal/plan.
	maxFileLines = 600
	// reasonMarker opens the line of a function's doc comment that says why
	// it runs longer than maxFuncLines.
	reasonMarker = "Long because"
)

// sourceFile is one parsed non-test, non-generated Go file of the module.
type sourceFile struct {
	rel  string // slash path from the module root
	fset *token.FileSet
	file *ast.File
}

// moduleRoot is the folder holding go.mod, found upwards from this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			return root
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatal("health: no go.mod above the test's folder")
		}
		root = parent
	}
}

// moduleFiles parses every non-test, non-generated Go file below the module
// root (the folder holding go.mod, found upwards from this package).
func moduleFiles(t *testing.T) []sourceFile {
	t.Helper()
	root := moduleRoot(t)
	var files []sourceFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		files = append(files, sourceFile{rel: filepath.ToSlash(rel), fset: fset, file: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("health: no Go files found")
	}
	return files
}

// hasReason reports whether a doc comment has a line opening with reasonMarker.
func hasReason(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, line := range strings.Split(doc.Text(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), reasonMarker) {
			return true
		}
	}
	return false
}

// TestFunctionSizes fails for every function (or method) over maxFuncLines
// lines whose doc comment gives no reason ("Long because …").
func TestFunctionSizes(t *testing.T) {
	for _, sf := range moduleFiles(t) {
		for _, decl := range sf.file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start := sf.fset.Position(fn.Pos()).Line
			lines := sf.fset.Position(fn.End()).Line - start + 1
			if lines > maxFuncLines && !hasReason(fn.Doc) {
				t.Errorf("%s:%d: %s runs %d lines (over %d); split it by what it does, or open a line of its doc comment with %q",
					sf.rel, start, fn.Name.Name, lines, maxFuncLines, reasonMarker)
			}
		}
	}
}

// TestFileSizes fails for every file over maxFileLines lines outside the
// optimiser (internal/plan, whose algorithms may run longer).
func TestFileSizes(t *testing.T) {
	for _, sf := range moduleFiles(t) {
		if strings.HasPrefix(sf.rel, "internal/plan/") {
			continue
		}
		if lines := sf.fset.File(sf.file.Pos()).LineCount(); lines > maxFileLines {
			t.Errorf("%s runs %d lines (over %d); split it by what it does", sf.rel, lines, maxFileLines)
		}
	}
}
