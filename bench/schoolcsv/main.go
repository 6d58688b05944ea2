// Command schoolcsv writes a CSV of schools for `aidgraph import`, to measure the import:
//
//	go run ./bench/schoolcsv -n 100000 > /tmp/schools.csv
//
// Its defaults name the villages and the source of `aidgraph seed --synthetic small` (villages
// 251-2590, source 1); -first, -last and -source name others. Every school's name is its own,
// numbered, so that no two rows share a natural key; row i is in village first + i mod (the
// villages' number), and every third has a stage.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"

	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/model"
)

func main() {
	n := flag.Int("n", 100000, "schools to write")
	first := flag.Int64("first", 251, "the first village's id")
	last := flag.Int64("last", 2590, "the last village's id")
	source := flag.Int64("source", 1, "the source's id")
	flag.Parse()
	if *last < *first || *n < 0 {
		log.Fatal("schoolcsv: -last must not be below -first, -n not below 0")
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	w := csv.NewWriter(out)
	stages := []string{"PRIMARY", "", ""}
	src := gid.Encode(model.TypeSource, *source)
	villages := *last - *first + 1
	must(w.Write([]string{"type", "name", "stage", "region.id", "source.id"}))
	for i := range *n {
		region := gid.Encode(model.TypeVillage, *first+int64(i)%villages)
		must(w.Write([]string{model.TypeSchool, "合成小学第" + strconv.Itoa(i+1) + "号", stages[i%3], region, src}))
	}
	w.Flush()
	must(w.Error())
	must(out.Flush())
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "schoolcsv:", err)
		os.Exit(1)
	}
}
