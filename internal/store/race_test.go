//go:build race

package store_test

// raceDetector says the tests run under the race detector (go test -race), which makes the
// store's code 5–10× slower: tests that check answers over many random inputs draw fewer.
const raceDetector = true
