package api

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryFieldRuleHasAMessage reads the Go sources for every rule a field
// error can carry — validate tags and explicit violations — and checks that
// each has a Dutch and an English message, so nobody sees "Ongeldige waarde."
// for a rule we forgot.
func TestEveryFieldRuleHasAMessage(t *testing.T) {
	explicit := regexp.MustCompile(`(?:Rule: |Invalid\("[^"]+", )"([a-z_]+)"`)
	tag := regexp.MustCompile("validate:\"([^\"]+)\"")
	modifiers := map[string]bool{"omitempty": true, "omitnil": true, "dive": true, "keys": true, "endkeys": true}
	rules := map[string]string{}
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range explicit.FindAllStringSubmatch(string(src), -1) {
			rules[m[1]] = path
		}
		for _, m := range tag.FindAllStringSubmatch(string(src), -1) {
			for _, part := range strings.Split(m[1], ",") {
				name, _, _ := strings.Cut(part, "=")
				if !modifiers[name] {
					rules[name] = path
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) < 10 {
		t.Fatalf("found only %d rules: the scan is broken", len(rules))
	}
	for rule, where := range rules {
		if _, ok := fieldMessages[rule]; !ok {
			t.Errorf("rule %q (used in %s) has no message in fieldMessages", rule, where)
		}
	}
}
