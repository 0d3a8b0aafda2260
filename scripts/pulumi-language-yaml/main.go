// Command pulumi-language-yaml is the language host for Pulumi YAML programs, as this project builds it.
//
// Everything that evaluates YAML programs is github.com/pulumi/pulumi-yaml/pkg/server at the version
// scripts/pulumi-language-yaml.sh pins; this file starts that server with two differences from upstream's own
// main, both because the CLI this project builds (github.com/pulumi/pulumi/pkg/v3) is newer than the Pulumi
// libraries pulumi-yaml is built with:
//
//   - Package schemas come from the engine (the RPC loader the engine names in each RunRequest), not from
//     plugins this process starts itself with the older library. The older library starts a source plugin's
//     language host with flags (-virtualenv=..., -root=...) that current language hosts no longer take, so a
//     Python component provider added with `pulumi package add` would not load.
//   - Link, which the server of that version lacks. The CLI ends `pulumi package add` by asking the project's
//     language host to link the new package; a YAML program needs no linking (it names packages by their type
//     tokens and `packages:` in Pulumi.yaml), so Link answers with instructions only. Without it, `pulumi
//     package add` stops with "method Link not implemented" before it records the package in Pulumi.yaml.
//
// Protocol: the engine starts this binary with its own address as the last argument; the binary prints the
// port of its gRPC LanguageRuntime server on the first line of stdout and serves until the engine goes away or
// an interrupt arrives.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/pulumi/pulumi-yaml/pkg/server"
	"github.com/pulumi/pulumi-yaml/pkg/version"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// engineHealthWindow is how long the engine may be unreachable before this host shuts down.
const engineHealthWindow = 5 * time.Minute

// yamlHost is pulumi-yaml's language host plus the Link RPC.
type yamlHost struct {
	pulumirpc.LanguageRuntimeServer
}

// Link records nothing: YAML programs refer to a package through its type tokens, and `pulumi package add`
// writes the package's source into Pulumi.yaml itself. The answer tells the user how to use the package.
func (yamlHost) Link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	names := make([]string, 0, len(req.GetPackages()))
	for _, dep := range req.GetPackages() {
		name := dep.GetPackage().GetName()
		if p := dep.GetPackage().GetParameterization(); p != nil && p.GetName() != "" {
			name = p.GetName()
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return &pulumirpc.LinkResponse{}, nil
	}
	text := fmt.Sprintf("YAML programs use the package's resources by type token, e.g. `type: %s:index:<Resource>`"+
		" (packages: %s).", names[0], strings.Join(names, ", "))
	return &pulumirpc.LinkResponse{ImportInstructions: text}, nil
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint")
	// Accepted for compatibility with the engine's command line; the program's root comes with each request.
	flag.String("root", "", "root of the program (unused)")
	flag.String("compiler", "", "obsolete: a command that pre-processes the YAML program (unused)")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-yaml", "pulumi-language-yaml", *tracing)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	stopServing := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stopServing)
	}()

	engine := ""
	if args := flag.Args(); len(args) > 0 {
		engine = args[0]
		if err := rpcutil.Healthcheck(ctx, engine, engineHealthWindow, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not watch the engine: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stopServing,
		Init: func(srv *grpc.Server) error {
			host := yamlHost{server.NewLanguageHost(engine, *tracing, true /* useRPCLoader */)}
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host server: %w", err))
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host stopped serving: %w", err))
	}
}
