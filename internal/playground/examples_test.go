package playground

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestExamplesInBuild checks that the built page holds every query of examples/ (the SDL,
// schema.graphql, aside) exactly as the file says, the default one first: a new or changed
// example fails here until the assets are rebuilt (internal/playground/web/build.sh).
func TestExamplesInBuild(t *testing.T) {
	page, err := dist.ReadFile("dist/index.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="aidgraph-examples">(.*?)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatal("the built page holds no examples")
	}
	var built []struct{ Name, Title, Query string }
	if err := json.Unmarshal(m[1], &built); err != nil {
		t.Fatalf("the built page's examples: %v", err)
	}
	inPage := map[string]string{}
	for _, ex := range built {
		inPage[ex.Name] = ex.Query
	}
	if len(built) == 0 || built[0].Name != "lushi.graphql" {
		t.Errorf("the playground opens on %v, want lushi.graphql (its answer names 卢氏县)", built)
	}

	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range files {
		name := filepath.Base(f)
		if name == "schema.graphql" {
			continue
		}
		want++
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch q, ok := inPage[name]; {
		case !ok:
			t.Errorf("examples/%s is not in the playground: rebuild it (internal/playground/web/build.sh)", name)
		case q != string(text):
			t.Errorf("examples/%s changed since the playground was built: rebuild it (internal/playground/web/build.sh)", name)
		}
	}
	if len(built) != want {
		t.Errorf("the playground offers %d examples, examples/ holds %d: rebuild it (internal/playground/web/build.sh)", len(built), want)
	}
}
