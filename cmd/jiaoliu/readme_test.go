package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocsStandAlone: the README, the glossary and docs/ make sense on a
// fresh clone. They name no file outside the repository, every link they
// make points at a file of the repository, and the README's first screen
// is the two set-up commands, with the warning that the first run compiles
// the SQLite driver.
func TestDocsStandAlone(t *testing.T) {
	root := filepath.Join("..", "..")
	files := []string{"README.md", "GLOSSARY.md"}
	more, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil || len(more) < 2 {
		t.Fatalf("docs/: %v %v", more, err)
	}
	for _, m := range more {
		rel, _ := filepath.Rel(root, m)
		files = append(files, rel)
	}
	link := regexp.MustCompile(`\]\(([^)#]+)(#[^)]*)?\)`)
	// A name of a document that lives only outside the repository.
	outside := regexp.MustCompile("\\.\\./|`(ROSTER|PLANNER|SPEC|STYLE|DESIGN)\\.md`|\\b(ROSTER|PLANNER|SPEC|STYLE|DESIGN)\\.md\\b")
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for i, line := range strings.Split(text, "\n") {
			if m := outside.FindString(line); m != "" {
				t.Errorf("%s:%d names %q, which is not in the repository: %s", name, i+1, m, line)
			}
		}
		for _, m := range link.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(root, filepath.Dir(name), target)); err != nil {
				t.Errorf("%s links to %s, which is not in the repository", name, target)
			}
		}
	}
	readme, _ := os.ReadFile(filepath.Join(root, "README.md"))
	first := strings.SplitN(string(readme), "\n## ", 2)[0]
	if n := strings.Count(first, "```"); n != 4 || !strings.Contains(first, "go run ./cmd/jiaoliu serve --demo") || !strings.Contains(first, "\ngo test -timeout 30m ./...\n") {
		t.Errorf("the README's first screen is not the two set-up commands:\n%s", first)
	}
	if !strings.Contains(first, "SQLite") || !strings.Contains(first, "几分钟") || !strings.Contains(first, "minutes") {
		t.Errorf("the README's first screen does not say the first run compiles the SQLite driver for minutes")
	}
	if !strings.Contains(string(readme), "docs/roster.md") {
		t.Errorf("the README does not link the roster format")
	}
}
