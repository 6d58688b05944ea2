// Command aidgraph serves the record of the Zhengzhou–Lushi poverty-alleviation partnership as a
// GraphQL API. Run it with `go run .`: it opens (or creates) an embedded SQLite database, loads
// the article's dataset, and serves the playground at / and the endpoint at /query.
//
// This file picks the command and turns its error into an exit code; each command lives in the
// file named after it (server.go serves), with its helpers beside it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command runs one of aidgraph's commands with the arguments after its name.
type command func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error

// commands are those named by the first argument; any other first argument is serve's.
var commands = map[string]command{
	"seed":       seedCommand,
	"schema":     schemaCommand,
	"keys":       keysCommand,
	"import":     importCommand,
	"operations": operationsCommand,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	cmd, args := pick(os.Args[1:])
	err := cmd(ctx, args, os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// pick returns the command args name, and the arguments it is given.
func pick(args []string) (command, []string) {
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd, args[1:]
		}
	}
	return serveCommand, args
}

// errHelp says that a command printed its help as asked: nothing failed.
var errHelp = errors.New("help shown")

// usageError is a mistake in what was typed (a bad flag or value, an unknown role, a name
// missing or taken): exit code 2, as the flag package uses, where a failure of the database or
// the network is 1.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func badInput(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// Exit codes: what a script that runs aidgraph may tell apart.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// exitCode reports err on stderr, unless it is nil or errHelp, and returns the code to exit with.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "aidgraph:", err)
	if errors.As(err, new(usageError)) {
		return exitUsage
	}
	return exitFailed
}
