// Command ferretdb runs FerretDB (SQLite backend) as Inbox's embedded database.
//
// It wraps FerretDB's embeddable package rather than building cmd/ferretdb: `go install
// .../cmd/ferretdb@v1.24.2` needs the module proxy's version list (refused here) and the module's
// cmd build panics without a generated version.txt. The embeddable package needs neither.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free one)")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite directory URI, with trailing slash")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchStdin := flag.Bool("exit-on-stdin-eof", false, "exit when standard input closes (the parent died)")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "bad --log-level:", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: *sqliteURL,
		Logger:    logger,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	// The launcher reads this line to learn the port; MongoDBURI waits until the listener is up.
	fmt.Printf("READY %s\n", f.MongoDBURI())
	<-done
}
