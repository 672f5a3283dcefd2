package health

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// layoutSection is the README's layout section: from its heading to the
// next heading.
func layoutSection(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "## 代码结构 / Layout")
	if i < 0 {
		t.Fatal("README.md has no section 「## 代码结构 / Layout」")
	}
	section := text[i+1:]
	if j := strings.Index(section, "\n#"); j >= 0 {
		section = section[:j]
	}
	return section
}

// TestReadmeLayout checks that the README's layout section names every
// package of the module (internal/x as `internal/x`, internal/x/y as
// `x/y`, cmd/x as `cmd/x`, the bench commands as `bench/`) and that every
// `internal/…` it names exists (internal/health holds only tests).
func TestReadmeLayout(t *testing.T) {
	root := moduleRoot(t)
	section := layoutSection(t, root)
	dirs := map[string]bool{}
	for _, sf := range moduleFiles(t) {
		dirs[path.Dir(sf.rel)] = true
	}
	for dir := range dirs {
		parts := strings.Split(dir, "/")
		var want string
		switch {
		case parts[0] == "internal" && len(parts) == 2, parts[0] == "cmd":
			want = "`" + dir + "`"
		case parts[0] == "internal":
			want = "`" + strings.Join(parts[1:], "/") + "`"
		case parts[0] == "bench":
			want = "`bench/`"
		default:
			t.Errorf("package %s is outside cmd, internal and bench: place it, and name it in the README's layout", dir)
			continue
		}
		if !strings.Contains(section, want) {
			t.Errorf("the README's layout does not name package %s (as %s)", dir, want)
		}
	}
	for _, m := range regexp.MustCompile("`(internal/[a-z/]+)`").FindAllStringSubmatch(section, -1) {
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(m[1]))); err != nil || !fi.IsDir() {
			t.Errorf("the README's layout names %s, which does not exist", m[1])
		}
	}
}
