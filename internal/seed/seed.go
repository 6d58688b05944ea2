// Package seed holds the article's dataset (data/*.yaml, embedded) and turns it into rows for
// the store. The files are reviewed by people, so rows refer to each other by readable keys;
// this package resolves the keys to the rows' stable ids and checks every value on the way.
package seed

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/aidgraph/aidgraph/internal/store"
)

var (
	//go:embed data/article.yaml
	articleYAML []byte
	//go:embed data/figures.yaml
	figuresYAML []byte
)

// DatasetName is the name the article's dataset is recorded under in the database.
const DatasetName = "article"

// formatVersion changes when the way files become rows changes, so that a new server reloads
// data that an older one wrote.
const formatVersion = "2" // 2: regions carry their ancestors

// Article returns the article's dataset, checked and ready to load.
func Article() (*store.Dataset, error) {
	var f, figs file
	if err := decode("article.yaml", articleYAML, &f); err != nil {
		return nil, err
	}
	if err := decode("figures.yaml", figuresYAML, &figs); err != nil {
		return nil, err
	}
	f.Figures = figs.Figures
	d, err := build(&f)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	d.Name = DatasetName
	d.Checksum = checksum([]byte(formatVersion), articleYAML, figuresYAML)
	return d, nil
}

// ErrSynthetic is returned when the database holds synthetic data, which the article's rows
// must never join.
var ErrSynthetic = errors.New("the database holds synthetic data: the article's dataset is not loaded into it")

// ErrForeignData is returned when the database holds regions that no recorded dataset put there.
var ErrForeignData = errors.New("the database holds data from an unknown source: the article's dataset is not loaded into it")

// Load writes the article's dataset into s unless it is there already, and reports whether it
// wrote anything. It refuses a database that holds synthetic data.
func Load(ctx context.Context, s *store.Store) (bool, error) {
	names, err := s.Datasets(ctx)
	if err != nil {
		return false, err
	}
	for _, n := range names {
		if strings.HasPrefix(n, "synthetic:") {
			return false, ErrSynthetic
		}
	}
	if len(names) == 0 {
		if has, err := s.HasRegions(ctx); err != nil || has {
			if err == nil {
				err = ErrForeignData
			}
			return false, err
		}
	}
	d, err := Article()
	if err != nil {
		return false, err
	}
	return s.LoadDataset(ctx, d)
}

func decode(name string, src []byte, into *file) error {
	if err := yaml.NewDecoder(bytes.NewReader(src), yaml.Strict()).Decode(into); err != nil {
		return fmt.Errorf("seed: parse %s: %w", name, err)
	}
	return nil
}

// checksum hashes the parts, each prefixed with its length so that no two lists collide.
func checksum(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}
