package main

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestExitCode holds the exit codes a script may rely on: 0 for success and for help, 2 for
// what was typed wrong, 1 for any other failure, which is reported on stderr.
func TestExitCode(t *testing.T) {
	failure := errors.New("database gone")
	tests := []struct {
		name string
		err  error
		want int
		says string
	}{
		{"success", nil, exitOK, ""},
		{"help", errHelp, exitOK, ""},
		{"help, wrapped", fmt.Errorf("keys: %w", errHelp), exitOK, ""},
		{"usage", badInput("keys: unknown command %q", "x"), exitUsage, "aidgraph: keys: unknown command"},
		{"usage, wrapped", fmt.Errorf("serve: %w", usageError{failure}), exitUsage, "aidgraph: serve: database gone"},
		{"failure", failure, exitFailed, "aidgraph: database gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr strings.Builder
			if got := exitCode(tt.err, &stderr); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
			if !strings.HasPrefix(stderr.String(), tt.says) || (tt.says == "") != (stderr.Len() == 0) {
				t.Errorf("exitCode(%v) wrote %q, want %q", tt.err, stderr.String(), tt.says)
			}
		})
	}
}

// TestPick holds the dispatch: a command's name picks it, anything else is the server's flags.
func TestPick(t *testing.T) {
	tests := []struct {
		args     []string
		want     command
		wantArgs []string
	}{
		{nil, serveCommand, nil},
		{[]string{"--addr", ":1"}, serveCommand, []string{"--addr", ":1"}},
		{[]string{"seed", "--synthetic", "small"}, seedCommand, []string{"--synthetic", "small"}},
		{[]string{"schema"}, schemaCommand, []string{}},
		{[]string{"keys", "list"}, keysCommand, []string{"list"}},
		{[]string{"import", "x.csv"}, importCommand, []string{"x.csv"}},
	}
	for _, tt := range tests {
		got, args := pick(tt.args)
		if reflect.ValueOf(got).Pointer() != reflect.ValueOf(tt.want).Pointer() || !reflect.DeepEqual(args, tt.wantArgs) {
			t.Errorf("pick(%q) = %p %q, want %p %q", tt.args, got, args, tt.want, tt.wantArgs)
		}
	}
}
